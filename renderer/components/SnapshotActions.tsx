// Rename and delete for the snapshot shown alone, from its view's header. Rename edits in place
// (Enter saves, Escape cancels; the core refuses a taken name and says so); delete asks for a second
// click, and the app's notice offers Undo: the core restores the snapshot exactly as it was (every kind
// and origin: start-up or serving, imported by path or uploaded), manual values and edits included.
import { useState, type FormEvent } from 'react';
import type { SnapshotDetail } from '../../shared/model';
import type { Client } from '../api/client';
import { toast, type ToastItem } from './Toasts';
import { useAction } from './use-action';

export interface SnapshotActionsProps {
  client: Client;
  snapshot: Pick<SnapshotDetail, 'id' | 'name' | 'sourcePath' | 'kind'>;
  /** Called after a rename or a delete (the library refreshes on the core's snapshotsChanged too). */
  onChanged(): void;
  /** Called after a delete, with the core's restore token (the notice's Undo). */
  onDeleted?(deleted: DeletedSnapshot): void;
}

export interface DeletedSnapshot {
  name: string;
  kind: SnapshotDetail['kind'];
  sourcePath: string;
  /** What restoreSnapshot takes to undo the delete (null: the core kept nothing to restore). */
  restoreToken: string | null;
}

/**
 * The notice after a delete: Undo asks the core to restore the snapshot exactly as it was, then says
 * whether it came back (a name taken meanwhile, or its files imported again, is refused and said).
 */
export function deletedToast(
  deleted: DeletedSnapshot,
  client: Pick<Client, 'api'>,
  notify: (t: ToastItem) => void,
  refresh: () => void,
): ToastItem {
  const { name, restoreToken: token } = deleted;
  if (token === null)
    return toast(`Deleted "${name}"`, [
      deleted.kind === 'serving'
        ? 'Import its results folder again to get it back'
        : 'Import its file again to get it back',
    ]);
  const undo = (): void => {
    client.api.restoreSnapshot({ token }).then(
      (s) => {
        notify(toast(`Restored "${s.name}"`, []));
        refresh();
      },
      (e: unknown) =>
        notify(
          toast(`Could not restore "${name}"`, [`✕ ${e instanceof Error ? e.message : String(e)}`], 'error'),
        ),
    );
  };
  return toast(
    `Deleted "${name}"`,
    ['Undo puts it back as it was: manual values, edits and name included'],
    'info',
    { label: 'Undo', title: `Restore "${name}"`, run: undo },
  );
}

export function SnapshotActions({ client, snapshot, onChanged, onDeleted }: SnapshotActionsProps) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(snapshot.name);
  const [confirm, setConfirm] = useState(false);
  const { busy, error, setError, run } = useAction(onChanged);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const next = name.trim();
    if (next === '' || next === snapshot.name) {
      setRenaming(false);
      return;
    }
    run(client.api.renameSnapshot({ snapshot: snapshot.id, name: next }), () => setRenaming(false));
  };

  return (
    <div className="snapshot-actions" data-testid="snapshot-actions">
      {renaming ? (
        <form className="rename-form" onSubmit={submit}>
          <input
            aria-label="New name"
            data-testid="rename-input"
            value={name}
            maxLength={200}
            autoFocus
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setRenaming(false);
                setName(snapshot.name);
                setError(null);
              }
            }}
          />
          <button type="submit" className="button small primary" disabled={busy}>
            Save
          </button>
        </form>
      ) : (
        <button
          type="button"
          className="button"
          data-testid="rename"
          onClick={() => {
            setName(snapshot.name);
            setRenaming(true);
            setConfirm(false);
          }}
        >
          Rename…
        </button>
      )}
      <button
        type="button"
        className={`button${confirm ? ' danger' : ''}`}
        data-testid="delete-snapshot"
        disabled={busy}
        title={
          onDeleted
            ? 'Delete this snapshot from the library; Undo in the notice puts it back as it was'
            : `Delete this snapshot from the library (import its ${snapshot.kind === 'serving' ? 'results folder' : 'file'} again to get it back)`
        }
        onClick={() =>
          confirm
            ? run(
                client.api.deleteSnapshot({ snapshot: snapshot.id }).then((r) =>
                  onDeleted?.({
                    name: snapshot.name,
                    kind: snapshot.kind,
                    sourcePath: snapshot.sourcePath,
                    restoreToken: r.restoreToken ?? null,
                  }),
                ),
                () => undefined,
              )
            : setConfirm(true)
        }
        onBlur={() => setConfirm(false)}
      >
        {confirm ? 'Confirm delete' : 'Delete…'}
      </button>
      {error ? (
        <span className="error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
