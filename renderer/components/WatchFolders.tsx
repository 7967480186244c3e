// "Watch folder…": a popover to start watching a folder on the machine running the core (typed path:
// the core is always local), listing watched folders with an Unwatch button. Imports that land are
// announced by the app's toasts (watchReport events).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Client } from '../api/client';

export function WatchFolders({ client }: { client: Client }) {
  const [open, setOpen] = useState(false);
  const [watching, setWatching] = useState<string[]>([]);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement | null>(null);

  useEffect(() => {
    let live = true;
    client.api.listWatches({}).then(
      (r) => {
        if (live) setWatching(r.watching);
      },
      (e: unknown) => {
        if (live) setError(e instanceof Error ? e.message : String(e));
      },
    );
    if (!open) {
      return () => {
        live = false;
      };
    }
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false);
    };
    const onDown = (e: MouseEvent): void => {
      if (ref.current && e.target instanceof Node && !ref.current.contains(e.target)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onDown);
    return () => {
      live = false;
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onDown);
    };
  }, [client, open]);

  const run = (p: Promise<{ watching: string[] }>): void => {
    setBusy(true);
    setError(null);
    p.then(
      (r) => {
        setWatching(r.watching);
        setBusy(false);
        setPath('');
      },
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const p = path.trim();
    if (p) run(client.api.watchFolder({ path: p }));
  };

  return (
    <div className="watch" ref={ref}>
      <button
        type="button"
        className="button"
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen(!open)}
        data-testid="watch-button"
      >
        Watch folder…{watching.length > 0 ? ` (${watching.length})` : ''}
      </button>
      {open ? (
        <div className="watch-popover" role="dialog" aria-label="Watched folders" data-testid="watch-panel">
          <form onSubmit={submit} className="watch-form">
            <label htmlFor="watch-path">Folder on this machine</label>
            <div className="watch-row">
              <input
                id="watch-path"
                placeholder="/path/to/bm_results"
                value={path}
                onChange={(e) => setPath(e.target.value)}
                data-testid="watch-path"
                autoFocus
              />
              <button type="submit" className="button primary" disabled={busy || !path.trim()}>
                Watch
              </button>
            </div>
            <p className="muted">
              New or changed result files are imported as they land (complete files only).
            </p>
          </form>
          {error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : null}
          {watching.length === 0 ? (
            <p className="muted">No folder is watched.</p>
          ) : (
            <ul className="watch-list" data-testid="watch-list">
              {watching.map((w) => (
                <li key={w}>
                  <code title={w}>{w}</code>
                  <button
                    type="button"
                    className="button small"
                    disabled={busy}
                    onClick={() => run(client.api.unwatchFolder({ path: w }))}
                  >
                    Unwatch
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
