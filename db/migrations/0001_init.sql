-- BenchLens schema v1: imported files, snapshots, derived phases, manual values, log events.
CREATE TABLE source_files (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  format TEXT NOT NULL,
  importer_version INTEGER NOT NULL,
  bundle TEXT,
  imported_at TEXT NOT NULL
);

CREATE TABLE snapshots (
  id INTEGER PRIMARY KEY,
  source_file_id INTEGER NOT NULL REFERENCES source_files(id) ON DELETE CASCADE,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('startup', 'serving')),
  model TEXT,
  bundle TEXT,
  meta_json TEXT NOT NULL DEFAULT '{}',
  -- importer output the phase rules run on (shared/startup-phases.ts StartupMeasurements)
  measurements_json TEXT,
  issues_json TEXT NOT NULL DEFAULT '[]',
  -- total under the default rank aggregation (slowest), manual values applied; kept current on every write
  total_s REAL,
  created_at TEXT NOT NULL
);
CREATE INDEX snapshots_kind_model ON snapshots(kind, model);

-- Measured phases under the default (slowest-rank) aggregation, for SQL queries and provenance.
CREATE TABLE phases (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  phase_id TEXT NOT NULL,
  parent_id TEXT,
  start_s REAL NOT NULL,
  duration_s REAL NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('log', 'timestamp', 'derived')),
  detail TEXT NOT NULL,
  ranks_json TEXT NOT NULL DEFAULT '[]',
  lines_json TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (snapshot_id, phase_id)
);

-- Values entered by hand; they sit beside the measured phase and never replace its row.
CREATE TABLE manual_phases (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  phase_id TEXT NOT NULL,
  value_s REAL NOT NULL CHECK (value_s >= 0),
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  PRIMARY KEY (snapshot_id, phase_id)
);

CREATE TABLE log_events (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  at_s REAL,
  process TEXT,
  pid TEXT,
  level TEXT,
  message TEXT NOT NULL,
  PRIMARY KEY (snapshot_id, line)
);
