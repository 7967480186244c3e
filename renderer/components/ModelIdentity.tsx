// The model filter's identity tools: for the model chosen in the library filter, the names it is known
// under (as written in the logs), "Split" for one name, "Merge into…" another identity (a second click
// confirms), and "Reset" where the user's merges or splits shaped it. Every change ends in a notice
// with Undo (a reset of the name), so nothing here needs a dialog.
import { useEffect, useState } from 'react';
import type { ModelIdentities } from '../../shared/contract';
import type { Client } from '../api/client';
import { toast, type ToastItem } from './Toasts';
import { useAction } from './use-action';

type Identity = ModelIdentities['identities'][number];

export interface ModelIdentityProps {
  client: Client;
  /** The model chosen in the library filter (a shown name or a name as written). */
  model: string;
  /** Data version: the identities are asked again when it moves. */
  version: number;
  /** After a change (the library reloads on the core's snapshotsChanged too). */
  onChanged(): void;
  /** Follow the chosen identity to its new shown name (after a merge). */
  onModel(model: string): void;
  onNotice(t: ToastItem): void;
}

/** The identity a filter value names: one of its names (any case), else its shown name. */
export function identityFor(all: ModelIdentities | null, model: string): Identity | null {
  if (!all) return null;
  const lower = model.trim().toLowerCase();
  return (
    all.identities.find((i) => i.names.some((n) => n.model.toLowerCase() === lower)) ??
    all.identities.find((i) => i.name === model) ??
    null
  );
}

export function ModelIdentity({ client, model, version, onChanged, onModel, onNotice }: ModelIdentityProps) {
  const [open, setOpen] = useState(false);
  const [all, setAll] = useState<ModelIdentities | null>(null);
  const [into, setInto] = useState('');
  const [confirm, setConfirm] = useState(false);
  const { busy, error, run } = useAction(onChanged);

  useEffect(() => {
    if (!open) return;
    let live = true;
    client.api.listModelIdentities({}).then(
      (m) => live && setAll(m),
      () => live && setAll(null),
    );
    return () => {
      live = false;
    };
  }, [client, open, version]);

  const identity = identityFor(all, model);
  const others = all?.identities.filter((i) => i.key !== identity?.key) ?? [];

  /** Runs a change, then a notice whose Undo resets `name`. */
  const change = (
    input: Parameters<Client['api']['setModelIdentity']>[0],
    name: string,
    after?: (m: Awaited<ReturnType<Client['api']['setModelIdentity']>>) => void,
  ): void => {
    const p = client.api.setModelIdentity(input);
    run(p, () => undefined);
    p.then(
      (m) => {
        setAll(m);
        setConfirm(false);
        after?.(m);
        onNotice(
          toast(
            m.summary.replace(/^./, (c) => c.toUpperCase()),
            [],
            'info',
            {
              label: 'Undo',
              title: `Reset ${name} to the identity derived from its name`,
              run: () => {
                client.api.setModelIdentity({ action: 'reset', name }).then(
                  (r) => {
                    setAll(r);
                    onChanged();
                  },
                  (e: unknown) =>
                    onNotice(
                      toast('Could not undo', [`✕ ${e instanceof Error ? e.message : String(e)}`], 'error'),
                    ),
                );
              },
            },
          ),
        );
      },
      () => undefined,
    );
  };

  return (
    <div className="model-identity">
      <button
        type="button"
        className="button small"
        data-testid="model-identity"
        aria-expanded={open}
        title="The names this model is known under; merge it with another model or split a name off"
        onClick={() => setOpen((o) => !o)}
      >
        Identity…
      </button>
      {open ? (
        <div
          className="model-identity-popover"
          role="dialog"
          aria-label="Model identity"
          data-testid="identity-panel"
        >
          {identity === null ? (
            <p className="muted">{all === null ? 'Loading…' : `No model "${model}" in the library.`}</p>
          ) : (
            <>
              <p className="identity-head">
                <strong title={identity.key}>{identity.name}</strong>{' '}
                <span className="muted">
                  {identity.count} snapshot{identity.count === 1 ? '' : 's'}
                  {identity.overridden ? ' · merged/split by you' : ''}
                </span>
              </p>
              <ul className="identity-names">
                {identity.names.map((n) => (
                  <li key={n.model} data-testid="identity-name" data-name={n.model}>
                    <span className="identity-name" title={`derived key: ${n.derivedKey ?? '—'}`}>
                      {n.model}
                    </span>
                    <span className="muted">({n.count})</span>
                    {identity.names.length > 1 ? (
                      <button
                        type="button"
                        className="button small"
                        disabled={busy}
                        title={`Give ${n.model} an identity of its own`}
                        onClick={() => change({ action: 'split', name: n.model }, n.model)}
                      >
                        Split
                      </button>
                    ) : null}
                    {n.derivedKey !== identity.key ? (
                      <button
                        type="button"
                        className="button small"
                        disabled={busy}
                        title={`Return ${n.model} to the identity derived from its name`}
                        onClick={() =>
                          run(client.api.setModelIdentity({ action: 'reset', name: n.model }), () =>
                            onModel(n.model),
                          )
                        }
                      >
                        Reset
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
              {others.length > 0 ? (
                <div className="identity-merge">
                  <select
                    aria-label="Merge into"
                    data-testid="merge-into"
                    value={into}
                    onChange={(e) => {
                      setInto(e.target.value);
                      setConfirm(false);
                    }}
                  >
                    <option value="">Merge into…</option>
                    {others.map((o) => (
                      <option key={o.key} value={o.key}>
                        {o.name} ({o.count})
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    className={`button small${confirm ? ' danger' : ''}`}
                    data-testid="merge"
                    disabled={busy || into === ''}
                    title="Every name of this model becomes a name of the chosen one (Undo in the notice)"
                    onClick={() => {
                      if (!confirm) {
                        setConfirm(true);
                        return;
                      }
                      const target = others.find((o) => o.key === into);
                      change({ action: 'merge', from: identity.name, into }, identity.name, () => {
                        if (target) onModel(target.name);
                        setInto('');
                      });
                    }}
                  >
                    {confirm ? 'Confirm merge' : 'Merge'}
                  </button>
                </div>
              ) : null}
            </>
          )}
          {error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
