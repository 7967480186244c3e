-- BenchLens schema v1: imported files, snapshots (start-up and serving), derived phases, manual
-- values, serving points, reference figures and the log events kept for drill-down.
CREATE TABLE source_files (
  id INTEGER PRIMARY KEY,
  -- what makes a file "already imported": its content hash, plus for serving results the experiment
  -- and file it belongs to (the same numbers in two experiments are two measurements)
  identity TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  format TEXT NOT NULL,
  importer_version INTEGER NOT NULL,
  bundle TEXT,
  imported_at TEXT NOT NULL
);
CREATE INDEX source_files_sha ON source_files(sha256);

CREATE TABLE snapshots (
  id INTEGER PRIMARY KEY,
  source_file_id INTEGER REFERENCES source_files(id) ON DELETE CASCADE,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('startup', 'serving')),
  model TEXT,
  bundle TEXT,
  -- serving: the experiment folder this snapshot gathers (e.g. horizontal_scaling/rayoss251-x2)
  experiment_key TEXT UNIQUE,
  meta_json TEXT NOT NULL DEFAULT '{}',
  -- attributes read from the path, and the user's edits of them (kept apart, merged on read)
  attributes_json TEXT NOT NULL DEFAULT '{}',
  user_attributes_json TEXT NOT NULL DEFAULT '{}',
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

-- One `vllm bench serve` result file = one point of a serving snapshot.
CREATE TABLE serving_points (
  id INTEGER PRIMARY KEY,
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  source_file_id INTEGER NOT NULL REFERENCES source_files(id) ON DELETE CASCADE,
  -- path inside the experiment folder, e.g. part2/conc16.json
  file TEXT NOT NULL,
  part INTEGER,
  aggregate INTEGER NOT NULL DEFAULT 0,
  concurrency REAL,
  concurrency_unbounded INTEGER NOT NULL DEFAULT 0,
  request_rate REAL,
  rate_infinite INTEGER NOT NULL DEFAULT 0,
  repeat INTEGER,
  completed INTEGER,
  failed INTEGER,
  num_prompts INTEGER,
  duration_s REAL,
  date TEXT,
  -- every key of the file as written (NaN/Infinity → null, per-request arrays summarised)
  metrics_json TEXT NOT NULL,
  -- per key: NaN | Infinity | -Infinity | infinite | unbounded | derived | summarised
  flags_json TEXT NOT NULL DEFAULT '{}',
  UNIQUE (snapshot_id, file)
);

-- Published charts found in a bundle, shown beside BenchLens's own rendering.
CREATE TABLE figures (
  id INTEGER PRIMARY KEY,
  source_file_id INTEGER NOT NULL REFERENCES source_files(id) ON DELETE CASCADE,
  bundle TEXT,
  name TEXT NOT NULL,
  mime TEXT NOT NULL,
  data BLOB NOT NULL
);
