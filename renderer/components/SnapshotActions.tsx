// Rename and delete for the snapshot shown alone, from its view's header. Rename edits in place
// (Enter saves, Escape cancels; the core refuses a taken name and says so); delete asks for a second
// click; a deleted snapshot comes back by importing its file again (the app's notice offers Undo for that).
import { useState, type FormEvent } from 'react';
import type { SnapshotDetail } from '../../shared/model';
import type { Client } from '../api/client';
import { useAction } from './use-action';

export interface SnapshotActionsProps {
  client: Client;
  snapshot: Pick<SnapshotDetail, 'id' | 'name' | 'sourcePath' | 'kind'>;
  /** Called after a rename or a delete (the library refreshes on the core's snapshotsChanged too). */
  onChanged(): void;
  /** Called after a delete, with what it takes to import the snapshot again (the notice's Undo). */
  onDeleted?(deleted: DeletedSnapshot): void;
}

export interface DeletedSnapshot {
  name: string;
  kind: SnapshotDetail['kind'];
  sourcePath: string;
}

/**
 * True when importing the source path again gives the snapshot back: a start-up log (one file) with a
 * path on this machine. An uploaded file has only its name, and a serving snapshot is a folder of files
 * (its source path names one of them): no Undo for those.
 */
export function canReimport(d: Pick<DeletedSnapshot, 'kind' | 'sourcePath'>): boolean {
  return d.kind === 'startup' && /^(?:\/|[A-Za-z]:[\\/]|\\\\)/.test(d.sourcePath);
}

export function SnapshotActions({ client, snapshot, onChanged, onDeleted }: SnapshotActionsProps) {
  const undoable = onDeleted !== undefined && canReimport(snapshot);
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
          undoable
            ? `Delete this snapshot from the library; Undo imports ${snapshot.sourcePath} again (its manual values, attribute edits and a new name are not restored)`
            : `Delete this snapshot from the library (import its ${snapshot.kind === 'serving' ? 'results folder' : 'file'} again to get it back)`
        }
        onClick={() =>
          confirm
            ? run(client.api.deleteSnapshot({ snapshot: snapshot.id }), () =>
                onDeleted?.({ name: snapshot.name, kind: snapshot.kind, sourcePath: snapshot.sourcePath }),
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
