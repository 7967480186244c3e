-- Undo of a delete: the rows of a deleted snapshot (snapshot, phases, manual values, log events,
-- serving points and the source files behind them) serialised as JSON in the delete's transaction,
-- found again by a restore token. The store keeps the newest deletions only (db/store.ts TRASH_KEEP).
CREATE TABLE snapshot_trash (
  token TEXT PRIMARY KEY,
  snapshot_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('startup', 'serving')),
  deleted_at TEXT NOT NULL,
  bundle_json TEXT NOT NULL
);
CREATE INDEX snapshot_trash_deleted ON snapshot_trash(deleted_at);
