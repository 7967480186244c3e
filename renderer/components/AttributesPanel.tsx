// A snapshot's attributes (replicas, GPUs, layout… read from folder names) with the user's edits
// marked, a form to set one (numeric text becomes a number) and a button to remove an edit, all
// through `setAttributes`; the library and the normalisations pick the change up on refresh.
import { useState, type FormEvent } from 'react';
import type { MetaValue } from '../../shared/model';
import type { Client } from '../api/client';
import { attributesOf } from '../model/library';

export interface AttributeSubject {
  id: number;
  name: string;
  attributes?: unknown;
  editedAttributes?: readonly string[];
}

const KEY_PATTERN = /^[A-Za-z][\w.-]{0,63}$/;

/** "8" → 8, "2.5" → 2.5, anything else stays text (trimmed). */
export function parseAttributeValue(text: string): MetaValue {
  const t = text.trim();
  if (t !== '' && /^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(t)) {
    const n = Number(t);
    if (Number.isFinite(n)) return n;
  }
  return t;
}

export function AttributesPanel({
  client,
  snapshot,
  heading,
  onChanged,
}: {
  client: Client;
  snapshot: AttributeSubject;
  heading?: string;
  onChanged(): void;
}) {
  const attrs = attributesOf(snapshot);
  const edited = new Set(snapshot.editedAttributes ?? []);
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const send = (attributes: Record<string, MetaValue>, done: string): void => {
    setBusy(true);
    setMessage(null);
    client.api.setAttributes({ snapshot: snapshot.id, attributes }).then(
      () => {
        setBusy(false);
        setMessage(done);
        setKey('');
        setValue('');
        onChanged();
      },
      (e: unknown) => {
        setBusy(false);
        setMessage(e instanceof Error ? e.message : String(e));
      },
    );
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const k = key.trim();
    if (!KEY_PATTERN.test(k)) {
      setMessage('Keys start with a letter: letters, digits, _ . - (up to 64).');
      return;
    }
    if (value.trim() === '') {
      setMessage('Enter a value (remove an edit with its ✕ button).');
      return;
    }
    send({ [k]: parseAttributeValue(value) }, `Set ${k}.`);
  };
  const keys = Object.keys(attrs).sort((a, b) => a.localeCompare(b));
  return (
    <div className="attributes-panel" data-testid="attributes-panel" data-snapshot={snapshot.name}>
      {heading ? <h3>{heading}</h3> : null}
      <table className="data-table meta-table">
        <tbody>
          {keys.length === 0 ? (
            <tr>
              <td className="muted">No attributes.</td>
            </tr>
          ) : null}
          {keys.map((k) => (
            <tr key={k} data-attribute={k} className={edited.has(k) ? 'edited' : undefined}>
              <th scope="row">{k}</th>
              <td>
                {String(attrs[k] ?? '')}
                {edited.has(k) ? <span className="manual-tag">edited</span> : null}
              </td>
              <td className="num">
                {edited.has(k) ? (
                  <button
                    type="button"
                    className="button small"
                    disabled={busy}
                    aria-label={`Remove the edit of ${k}`}
                    title="Remove your edit (restores the value read from the path, if any)"
                    onClick={() => send({ [k]: null }, `Removed the edit of ${k}.`)}
                  >
                    ✕
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="attribute-form" onSubmit={submit}>
        <input
          aria-label="Attribute key"
          placeholder="key (replicas, gpus…)"
          value={key}
          list="attribute-keys"
          onChange={(e) => setKey(e.target.value)}
          data-testid="attribute-key"
        />
        <input
          aria-label="Attribute value"
          placeholder="value"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          data-testid="attribute-value"
        />
        <button type="submit" className="button small" disabled={busy} data-testid="attribute-set">
          Set
        </button>
        <datalist id="attribute-keys">
          {['replicas', 'gpus', 'tp', 'label', 'gpuType', 'layout'].map((k) => (
            <option key={k} value={k} />
          ))}
        </datalist>
      </form>
      {message ? (
        <p className="muted" role="status">
          {message}
        </p>
      ) : null}
    </div>
  );
}
