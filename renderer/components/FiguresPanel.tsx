// Published figures of the selected snapshots' bundles (the PNGs the benchmark authors drew), shown
// as data: images so a user can check our rendering against them. Matching figures are shown; the
// others are collapsed and only fetched when opened.
import { useEffect, useState } from 'react';
import type { FigureInfo } from '../../shared/model';
import type { Client } from '../api/client';
import { useResource } from './use-resource';

export function FiguresPanel({
  client,
  snapshotIds,
  version,
}: {
  client: Client;
  snapshotIds: readonly number[];
  version: number;
}) {
  const list = useResource(`${snapshotIds.join(',')}:${version}`, async () => {
    const all = await Promise.all(snapshotIds.map((id) => client.api.figures({ snapshot: id })));
    const byId = new Map<number, FigureInfo>();
    for (const figs of all) {
      for (const f of figs) {
        const prev = byId.get(f.id);
        byId.set(f.id, prev ? { ...prev, matches: prev.matches || f.matches } : f);
      }
    }
    return [...byId.values()];
  });
  const figures = list.data ?? [];
  if (figures.length === 0) return null;
  const matching = figures.filter((f) => f.matches);
  const others = figures.filter((f) => !f.matches);
  return (
    <section className="table-frame figures-panel" aria-label="Published figures" data-testid="figures-panel">
      <header className="chart-frame-header">
        <h2>Published figures</h2>
        <span className="muted">from the imported bundle, to check our charts against</span>
      </header>
      {matching.length > 0 ? (
        <div className="figures-grid">
          {matching.map((f) => (
            <Figure key={f.id} client={client} figure={f} />
          ))}
        </div>
      ) : null}
      {others.length > 0 ? <OtherFigures client={client} figures={others} open={false} /> : null}
    </section>
  );
}

function OtherFigures({ client, figures, open }: { client: Client; figures: FigureInfo[]; open: boolean }) {
  const [shown, setShown] = useState(open);
  return (
    <details open={open} onToggle={(e) => setShown(e.currentTarget.open)}>
      <summary>
        {figures.length} other figure{figures.length === 1 ? '' : 's'} in the bundle
      </summary>
      {shown ? (
        <div className="figures-grid">
          {figures.map((f) => (
            <Figure key={f.id} client={client} figure={f} />
          ))}
        </div>
      ) : null}
    </details>
  );
}

function Figure({ client, figure }: { client: Client; figure: FigureInfo }) {
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [zoomed, setZoomed] = useState(false);
  useEffect(() => {
    let live = true;
    client.api.figure({ id: figure.id }).then(
      (f) => {
        if (live) setSrc(`data:${f.mime};base64,${f.base64}`);
      },
      (e: unknown) => {
        if (live) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
  }, [client, figure.id]);
  const caption = `Published figure from the bundle: ${figure.name}`;
  return (
    <figure
      className={`published-figure${zoomed ? ' is-zoomed' : ''}`}
      data-testid="published-figure"
      data-name={figure.name}
    >
      {src ? (
        <button
          type="button"
          className={`figure-zoom${zoomed ? ' is-zoomed' : ''}`}
          aria-pressed={zoomed}
          title={zoomed ? 'Shrink' : 'Show larger'}
          onClick={() => setZoomed(!zoomed)}
        >
          <img src={src} alt={caption} />
        </button>
      ) : error ? (
        <p className="error">
          Could not load {figure.name}: {error}
        </p>
      ) : (
        <div className="skeleton-block" style={{ height: 220 }} aria-hidden="true" />
      )}
      <figcaption>
        {caption}
        {figure.bundle ? <span className="muted"> · {figure.bundle}</span> : null}
      </figcaption>
    </figure>
  );
}
