// The only module that speaks SQL: opens (and migrates) the database in WAL mode, or read-only
// (nothing written: no WAL switch, no migration) for reading commands, and maps rows
// to shared/model types. Every write that belongs together runs in one transaction; statements are
// prepared once per connection; the library is answered one page at a time from indexes.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  Meta,
  type FigureInfo,
  type LibraryFacets,
  type LibraryQuery,
  type LogEvent,
  type Phase,
  type PointFlag,
  type ServingPoint,
  type SnapshotKind,
} from '../shared/model';
import { StartupMeasurements } from '../shared/startup-phases';
import {
  identityDisplayName,
  NO_OVERRIDES,
  resolveModelKey,
  type IdentityOverrides,
} from '../shared/model-identity';
import {
  appliedMigrations,
  DEFAULT_MIGRATIONS_DIR,
  loadMigrations,
  migrate,
  MigrationError,
  type MigrationFile,
} from './migrate';

export interface OpenOptions {
  /** better-sqlite3 binary built for another runtime's ABI (Electron). */
  nativeBinding?: string;
  migrationsDir?: string;
  readonly?: boolean;
}

export interface SnapshotRow {
  id: number;
  name: string;
  kind: SnapshotKind;
  model: string | null;
  /** The model's identity key, with the user's merges and splits (shared/model-identity.ts). */
  modelKey: string | null;
  bundle: string | null;
  meta: Meta;
  attributes: Meta;
  editedAttributes: string[];
  measurements: StartupMeasurements | null;
  issues: { line: number | null; message: string }[];
  totalS: number | null;
  createdAt: string;
  sourcePath: string;
}

export interface NewSourceFile {
  /** Unique key of "this content, here": see source_files.identity. */
  identity: string;
  path: string;
  size: number;
  sha256: string;
  format: string;
  importerVersion: number;
  bundle: string | null;
}

export interface NewStartupSnapshot {
  name: string;
  model: string | null;
  bundle: string | null;
  meta: Meta;
  measurements: StartupMeasurements;
  issues: { line: number | null; message: string }[];
  phases: Phase[];
  totalS: number;
  events: Omit<LogEvent, never>[];
}

/** How long a writer waits for another process's write (a large file's import) before failing. */
export const BUSY_TIMEOUT_MS = 30_000;

/**
 * Refuses, before anything is written, a file that is not SQLite or is another application's
 * database (tables but no `_migrations`), with a message naming the file.
 */
function refuseForeign(db: Database.Database, path: string): void {
  let tables: string[];
  try {
    tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
  } catch (e) {
    throw new MigrationError(`${path} cannot be opened as a BenchLens database: ${(e as Error).message}`);
  }
  if (tables.length > 0 && !tables.includes('_migrations')) {
    const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
    throw new MigrationError(
      `${path} is not a BenchLens database (it holds other tables: ${shown}); nothing was changed. ` +
        'Point --db / BENCHLENS_DB at a new or BenchLens file.',
    );
  }
}

/**
 * A writing open of a file (or folder) this user may not write would fail later with SQLite's bare
 * "attempt to write a readonly database" (SQLite falls back to read-only silently): refuse it up front,
 * by name. The folder must be writable too (WAL keeps its -wal and -shm beside the file).
 */
function refuseUnwritable(path: string): void {
  const canWrite = (p: string) => {
    try {
      accessSync(p, fsConstants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  const fileOk = !existsSync(path) || canWrite(path);
  const dirOk = canWrite(dirname(path));
  if (fileOk && dirOk) return;
  throw new MigrationError(
    `${path} is read-only (${fileOk ? 'its folder' : 'the file'} is not writable): reading commands (list, show, compare, export, report) can open it; importing or editing needs a writable copy`,
  );
}

/** A read-only open copies the database into memory only when it is at most this large. */
export const MAX_READONLY_COPY_BYTES = 512 * 1024 * 1024;

/**
 * Opens `path` with SQLITE_OPEN_READONLY: the file is never written. A WAL database needs its
 * shared-memory index (-shm) to be read; SQLite creates it beside the file, which a read-only folder
 * refuses (SQLITE_READONLY_DIRECTORY / CANTOPEN). There, with no -wal holding newer pages, the file
 * is read into memory (up to MAX_READONLY_COPY_BYTES) and opened from that copy, read-only too.
 */
function openReadOnly(path: string, nativeBinding: string | undefined): Database.Database {
  const binding = nativeBinding ? { nativeBinding } : {};
  const db = new Database(path, { ...binding, readonly: true, fileMustExist: true });
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (e) {
    db.close();
    const code = (e as { code?: string }).code ?? '';
    if (code !== 'SQLITE_READONLY_DIRECTORY' && code !== 'SQLITE_CANTOPEN') {
      throw new MigrationError(`${path} cannot be opened as a BenchLens database: ${(e as Error).message}`);
    }
    if (existsSync(`${path}-wal`)) {
      throw new MigrationError(
        `${path} cannot be read here: its folder is read-only and its write-ahead log (${path}-wal) ` +
          'holds pages not yet in the file; open it once where it can be written, or copy the folder.',
      );
    }
    const size = statSync(path).size;
    if (size > MAX_READONLY_COPY_BYTES) {
      throw new MigrationError(
        `${path} cannot be read in place: its folder is read-only and it is larger than ` +
          `${MAX_READONLY_COPY_BYTES / (1024 * 1024)} MB to read into memory; copy it to a writable folder.`,
      );
    }
    const bytes = readFileSync(path);
    // bytes 18-19 say "WAL": an in-memory copy reads as a rollback-journal database
    if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes.fill(1, 18, 20);
    return new Database(bytes, { ...binding, readonly: true });
  }
}

/** A read-only open of a database the app has not yet upgraded: say so, change nothing. */
function refuseUnmigrated(db: Database.Database, migrations: readonly MigrationFile[], path: string): void {
  const ledger = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'")
    .get();
  const applied = new Set(ledger === undefined ? [] : appliedMigrations(db, migrations, path));
  const pending = migrations.filter((m) => !applied.has(m.name)).map((m) => m.name);
  if (pending.length === 0) return;
  throw new MigrationError(
    ledger === undefined
      ? `${path} is an empty database (nothing imported yet); reading commands open it read-only and change nothing`
      : `${path} needs upgrading to this BenchLens version (not yet applied: ${pending.join(', ')}); ` +
          'reading commands open it read-only and change nothing: run a writing command (e.g. `benchlens import`) ' +
          'or open it in the app once to upgrade it',
  );
}

/** Provenance of one imported file: where it was read, its content hash and when it was imported. */
export interface SourceFileInfo {
  path: string;
  size: number;
  sha256: string;
  format: string;
  importerVersion: number;
  bundle: string | null;
  importedAt: string;
}

type Issues = { line: number | null; message: string }[];

/** Natural order of names: lower case, digit runs zero-padded ("conc2" before "conc16"). */
export function naturalKey(name: string): string {
  return name.toLowerCase().replace(/\d+/g, (d) => {
    const t = d.replace(/^0+(?=\d)/, '');
    return t.length >= 20 ? t : t.padStart(20, '0');
  });
}

/** The library's sort key: named bundles first (by name), then files without a bundle; names in natural order. */
export function libraryKey(bundle: string | null, name: string): string {
  return `${bundle === null ? '1' : `0${bundle}`}\u0000${naturalKey(name)}`;
}

/** At most this many search terms are matched (the rest of a query is ignored). */
export const MAX_QUERY_TERMS = 16;

/** The lower-cased terms of a library query (every one must match). */
function queryTerms(query: string | undefined): string[] {
  return (query ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, MAX_QUERY_TERMS);
}

/** Terms the trigram index can see (3+ characters). */
function indexedTerms(terms: readonly string[]): string[] {
  return terms.filter((t) => [...t].length >= 3);
}

/** One FTS5 MATCH of quoted phrases, all required. */
function ftsMatch(terms: readonly string[]): string {
  return terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
}

/**
 * At most this many trigram-index hits make a term rare: its page is read from those rows (looked
 * up by id, sorted), not from a walk of the library in order.
 */
export const RARE_HITS = 200;

/**
 * Rows walked in library order, testing the search text, before a page query turns to the trigram
 * index: a term common enough to fill a page there costs a short walk; a rare one, an index lookup.
 */
export const SCAN_WINDOW = 5000;

/** One page of the library and where the next one starts (null: this was the last). */
export interface SnapshotPage {
  rows: SnapshotRow[];
  nextCursor: string | null;
}

/** A value of a row read with `SELECT *` from the tables a snapshot spans (no blobs there). */
type SqlRow = Record<string, string | number | null>;

/** Everything a deleted snapshot was, as rows: what restoreSnapshot inserts back. */
interface TrashBundle {
  version: 1;
  snapshot: SqlRow;
  phases: SqlRow[];
  manual: SqlRow[];
  events: SqlRow[];
  points: SqlRow[];
  /** Every source file the snapshot's rows referenced. */
  sources: SqlRow[];
  /** Ids of the sources deleted with it (no other row used them). */
  purged: number[];
}

/** How many deletions stay undoable (older ones are purged at the next delete). */
export const TRASH_KEEP = 100;

export interface TrashEntry {
  token: string;
  snapshotId: number;
  name: string;
  kind: SnapshotKind;
  deletedAt: string;
}

/** A restore refused: the token is unknown, or the snapshot's name, experiment or file is taken now. */
export class RestoreError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'RestoreError';
  }
}

/** One stored identity override (migration 0004). */
export interface IdentityOverrideRow {
  kind: 'name' | 'key';
  source: string;
  target: string;
  createdAt: string;
}

function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string): [string, number] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && Number.isInteger(v[1]))
      return [v[0], v[1] as number];
  } catch {
    // fall through to the error below
  }
  throw new RangeError(`not a library cursor: "${cursor.slice(0, 80)}" (pass back a nextCursor unchanged)`);
}

interface RawSnapshot {
  id: number;
  name: string;
  kind: SnapshotKind;
  model: string | null;
  bundle: string | null;
  meta_json: string;
  attributes_json: string;
  user_attributes_json: string;
  measurements_json: string | null;
  issues_json: string;
  total_s: number | null;
  created_at: string;
  library_key: string;
  path: string;
}

const SNAPSHOT_SELECT = `SELECT s.id, s.name, s.kind, s.model, s.bundle, s.meta_json, s.attributes_json,
  s.user_attributes_json, s.measurements_json, s.issues_json, s.total_s, s.created_at,
  s.library_key, COALESCE(f.path, (SELECT sf.path FROM serving_points p JOIN source_files sf ON sf.id = p.source_file_id
    WHERE p.snapshot_id = s.id ORDER BY p.file LIMIT 1), '') AS path
  FROM snapshots s LEFT JOIN source_files f ON f.id = s.source_file_id`;

/**
 * SNAPSHOT_SELECT over a JSON array of ids bound first: CROSS JOIN makes SQLite look the rows up by
 * id (then sort the few), never walk an order or kind index testing each row against the list.
 */
const HITS_SELECT = SNAPSHOT_SELECT.replace(
  'FROM snapshots s',
  'FROM json_each(?) h CROSS JOIN snapshots s ON s.id = h.value',
);

/** WHERE terms and their parameters; `hits`: a JSON id list for HITS_SELECT. */
interface Filter {
  where: string[];
  params: (string | number)[];
  hits?: string;
}

export interface NewExperiment {
  key: string;
  name: string;
  bundle: string | null;
  model: string | null;
  attributes: Meta;
  meta: Meta;
}

export type NewServingPoint = Omit<ServingPoint, 'id' | 'sourcePath'>;

export class Store {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /** The identity overrides the `model_key` SQL function resolves with (identityOverrides() refreshes). */
  private overrides: IdentityOverrides = NO_OVERRIDES;
  /** PRAGMA data_version when the overrides were read: it moves when another connection commits. */
  private overridesVersion = -1;

  constructor(
    readonly path: string,
    opts: OpenOptions = {},
  ) {
    if (opts.readonly) this.db = openReadOnly(path, opts.nativeBinding);
    else {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      if (path !== ':memory:') refuseUnwritable(path);
      this.db = new Database(path, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
    }
    // writers queue for the lock rather than fail: every write is BEGIN IMMEDIATE (`write` below)
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // one model under its several names (org prefix, -sharded copies): filters and facets go by key,
    // with the user's merges and splits (read again before each query that uses it)
    this.db.function('model_key', { deterministic: true }, (name: unknown) =>
      resolveModelKey(typeof name === 'string' ? name : null, this.overrides),
    );
    try {
      refuseForeign(this.db, path);
    } catch (e) {
      this.db.close();
      throw e;
    }
    this.db.pragma('foreign_keys = ON');
    if (opts.readonly) {
      // nothing written: no WAL switch, no migration, no back-fill; an old schema is refused by name
      try {
        refuseUnmigrated(this.db, loadMigrations(opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR), path);
      } catch (e) {
        this.db.close();
        throw e;
      }
      return;
    }
    this.db.pragma('journal_mode = WAL');
    // WAL + NORMAL: a commit appends to the log without an fsync (the log is synced at checkpoints):
    // a crash of the app or of SQLite never loses or corrupts a commit; only a power cut or an OS crash
    // may roll back the last commits. One fsync per imported file was most of a small file's cost.
    this.db.pragma('synchronous = NORMAL');
    migrate(this.db, loadMigrations(opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR), path);
    this.backfillLibraryKeys();
  }

  /** The statement for `sql`, prepared once per connection. */
  private st(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Rows written before migration 0002 (or by an older app) get their sort key. */
  private backfillLibraryKeys(): void {
    const missing = this.st("SELECT id, bundle, name FROM snapshots WHERE library_key = ''").all() as {
      id: number;
      bundle: string | null;
      name: string;
    }[];
    if (missing.length === 0) return;
    const set = this.st('UPDATE snapshots SET library_key = ? WHERE id = ?');
    this.write(() => {
      for (const r of missing) set.run(libraryKey(r.bundle, r.name), r.id);
    });
  }

  /**
   * Runs `fn` in one BEGIN IMMEDIATE transaction (a savepoint when nested): the write lock is taken
   * first, so a concurrent writer waits out the busy timeout instead of failing with SQLITE_BUSY.
   */
  write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /**
   * Opens a batch: one BEGIN IMMEDIATE transaction that the `write` calls until `endBatch` join as
   * savepoints (each still all-or-nothing: a failing one rolls back alone). Returns false, and opens
   * nothing, when a transaction is already open.
   */
  beginBatch(): boolean {
    if (this.db.inTransaction) return false;
    this.st('BEGIN IMMEDIATE').run();
    return true;
  }

  /** Commits (or rolls back) the batch `beginBatch` opened; a failed commit is rolled back and rethrown. */
  endBatch(commit: boolean): void {
    if (!this.db.inTransaction) return;
    if (!commit) {
      this.st('ROLLBACK').run();
      return;
    }
    try {
      this.st('COMMIT').run();
    } catch (e) {
      if (this.db.inTransaction) this.st('ROLLBACK').run();
      throw e;
    }
  }

  close(): void {
    this.db.close();
  }

  hasIdentity(identity: string): boolean {
    return this.st('SELECT 1 FROM source_files WHERE identity = ?').get(identity) !== undefined;
  }

  /** Whether a source of this size, format and importer version is stored: the cheap test before hashing first. */
  hasSourceOfSize(size: number, format: string, importerVersion: number): boolean {
    return (
      this.st(
        'SELECT 1 FROM source_files WHERE size = ? AND format = ? AND importer_version = ? LIMIT 1',
      ).get(size, format, importerVersion) !== undefined
    );
  }

  /**
   * Sources stored from this content whose identity is the content alone (`sha256:X` or
   * `sha256:X#engine`), by this format and importer version, with their snapshot's issues.
   */
  contentSources(
    sha256: string,
    format: string,
    importerVersion: number,
  ): { identity: string; issuesJson: string | null }[] {
    return this.st(
      `SELECT f.identity AS identity, s.issues_json AS issuesJson
       FROM source_files f LEFT JOIN snapshots s ON s.source_file_id = f.id
       WHERE f.sha256 = ? AND f.format = ? AND f.importer_version = ? AND (f.identity = ? OR f.identity LIKE ?)`,
    ).all(sha256, format, importerVersion, `sha256:${sha256}`, `sha256:${sha256}#%`) as {
      identity: string;
      issuesJson: string | null;
    }[];
  }

  private insertSource(file: NewSourceFile, now: string): number {
    const r = this.st(
      `INSERT INTO source_files (identity, path, size, sha256, format, importer_version, bundle, imported_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      file.identity,
      file.path,
      file.size,
      file.sha256,
      file.format,
      file.importerVersion,
      file.bundle,
      now,
    );
    return Number(r.lastInsertRowid);
  }

  /**
   * A free snapshot name: the wanted one, else "name (n)" with n one past the last suffix given for
   * it (2 the first time): one or two indexed probes whatever the number of namesakes.
   */
  uniqueName(wanted: string): string {
    // one statement: is the name taken, the last suffix given for it, and is the next one taken
    const r = this.st(
      `SELECT EXISTS (SELECT 1 FROM snapshots WHERE name = @w) AS taken,
         max(2, ifnull((SELECT last FROM name_suffixes WHERE base = @w), 1) + 1) AS next,
         EXISTS (SELECT 1 FROM snapshots WHERE name = @w || ' (' ||
           max(2, ifnull((SELECT last FROM name_suffixes WHERE base = @w), 1) + 1) || ')') AS nextTaken`,
    ).get({ w: wanted }) as { taken: number; next: number; nextTaken: number };
    if (r.taken === 0) return wanted;
    let i = r.next;
    if (r.nextTaken === 0) return `${wanted} (${i})`;
    // a name written by hand as "name (n)" (or given before the counter existed) is stepped over
    const taken = this.st('SELECT 1 FROM snapshots WHERE name = ?');
    do i++;
    while (taken.get(`${wanted} (${i})`) !== undefined);
    return `${wanted} (${i})`;
  }

  /** uniqueName, and the suffix it gave remembered (inside the caller's write transaction). */
  private claimName(wanted: string): string {
    const name = this.uniqueName(wanted);
    const m = name === wanted ? null : /\((\d+)\)$/.exec(name);
    if (m)
      this.st(
        'INSERT INTO name_suffixes (base, last) VALUES (?, ?) ON CONFLICT (base) DO UPDATE SET last = excluded.last',
      ).run(wanted, Number(m[1]));
    return name;
  }

  insertStartup(file: NewSourceFile, snap: NewStartupSnapshot): number {
    const now = new Date().toISOString();
    return this.write(() => {
      const sourceId = this.insertSource(file, now);
      const name = this.claimName(snap.name);
      const s = this.st(
        `INSERT INTO snapshots (source_file_id, name, kind, model, bundle, meta_json, measurements_json, issues_json, total_s, created_at, library_key)
           VALUES (?, ?, 'startup', ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        sourceId,
        name,
        snap.model,
        snap.bundle,
        JSON.stringify(snap.meta),
        JSON.stringify(snap.measurements),
        JSON.stringify(snap.issues),
        snap.totalS,
        now,
        libraryKey(snap.bundle, name),
      );
      const id = Number(s.lastInsertRowid);
      const ph = this.st(
        `INSERT INTO phases (snapshot_id, phase_id, parent_id, start_s, duration_s, source, detail, ranks_json, lines_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const p of snap.phases) {
        if (p.source === 'manual') continue;
        ph.run(
          id,
          p.id,
          p.parent,
          p.startS,
          p.durationS,
          p.source,
          p.detail,
          JSON.stringify(p.ranks),
          JSON.stringify(p.lines),
        );
      }
      const ev = this.st(
        'INSERT INTO log_events (snapshot_id, line, at_s, process, pid, level, message) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const e of snap.events)
        ev.run(id, e.line, e.atS, e.process, e.pid, e.level, e.message.slice(0, 4000));
      return id;
    });
  }

  /** Adds one result file to its experiment's snapshot, creating the snapshot on first sight. */
  insertServingPoint(
    file: NewSourceFile,
    exp: NewExperiment,
    point: NewServingPoint,
    issues: { line: number | null; message: string }[],
  ): { snapshotId: number; name: string; created: boolean } {
    const now = new Date().toISOString();
    return this.write(() => {
      const sourceId = this.insertSource(file, now);
      let row = this.st('SELECT id, name, issues_json FROM snapshots WHERE experiment_key = ?').get(
        exp.key,
      ) as { id: number; name: string; issues_json: string } | undefined;
      let created = false;
      if (!row) {
        const name = this.claimName(exp.name);
        const r = this.st(
          `INSERT INTO snapshots (source_file_id, name, kind, model, bundle, experiment_key, meta_json, attributes_json, created_at, library_key)
             VALUES (NULL, ?, 'serving', ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          name,
          exp.model,
          exp.bundle,
          exp.key,
          JSON.stringify(exp.meta),
          JSON.stringify(exp.attributes),
          now,
          libraryKey(exp.bundle, name),
        );
        row = { id: Number(r.lastInsertRowid), name, issues_json: '[]' };
        created = true;
      }
      if (issues.length > 0) {
        const all = [
          ...(JSON.parse(row.issues_json) as Issues),
          ...issues.map((i) => ({ ...i, message: `${point.file}: ${i.message}` })),
        ];
        this.st('UPDATE snapshots SET issues_json = ? WHERE id = ?').run(JSON.stringify(all), row.id);
      }
      this.st(
        `INSERT INTO serving_points (snapshot_id, source_file_id, file, part, aggregate, concurrency, concurrency_unbounded,
             request_rate, rate_infinite, repeat, completed, failed, num_prompts, duration_s, date, metrics_json, flags_json)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (snapshot_id, file) DO UPDATE SET source_file_id = excluded.source_file_id,
             concurrency = excluded.concurrency, concurrency_unbounded = excluded.concurrency_unbounded,
             request_rate = excluded.request_rate, rate_infinite = excluded.rate_infinite, repeat = excluded.repeat,
             completed = excluded.completed, failed = excluded.failed, num_prompts = excluded.num_prompts,
             duration_s = excluded.duration_s, date = excluded.date, metrics_json = excluded.metrics_json,
             flags_json = excluded.flags_json`,
      ).run(
        row.id,
        sourceId,
        point.file,
        point.part,
        point.aggregate ? 1 : 0,
        point.concurrency,
        point.concurrencyUnbounded ? 1 : 0,
        point.requestRate,
        point.rateInfinite ? 1 : 0,
        point.repeat,
        point.completed,
        point.failed,
        point.numPrompts,
        point.durationS,
        point.date,
        JSON.stringify(point.metrics),
        JSON.stringify(point.flags),
      );
      return { snapshotId: row.id, name: row.name, created };
    });
  }

  servingPoints(snapshotId: number): ServingPoint[] {
    const rows = this.st(
      `SELECT p.*, f.path FROM serving_points p JOIN source_files f ON f.id = p.source_file_id
         WHERE p.snapshot_id = ? ORDER BY p.aggregate DESC, p.part, p.concurrency, p.request_rate, p.repeat, p.file`,
    ).all(snapshotId) as RawPoint[];
    return rows.map((r) => ({
      id: r.id,
      file: r.file,
      part: r.part,
      aggregate: r.aggregate === 1,
      concurrency: r.concurrency,
      concurrencyUnbounded: r.concurrency_unbounded === 1,
      requestRate: r.request_rate,
      rateInfinite: r.rate_infinite === 1,
      repeat: r.repeat,
      completed: r.completed,
      failed: r.failed,
      numPrompts: r.num_prompts,
      durationS: r.duration_s,
      date: r.date,
      // written by this store from validated importer output: not validated again on every read
      metrics: JSON.parse(r.metrics_json) as Record<string, unknown>,
      flags: JSON.parse(r.flags_json) as Record<string, PointFlag>,
      sourcePath: r.path,
    }));
  }

  insertFigure(
    file: NewSourceFile,
    fig: { bundle: string | null; name: string; mime: string; data: Buffer },
  ): number {
    return this.write(() => {
      const sourceId = this.insertSource(file, new Date().toISOString());
      const r = this.st(
        'INSERT INTO figures (source_file_id, bundle, name, mime, data) VALUES (?, ?, ?, ?, ?)',
      ).run(sourceId, fig.bundle, fig.name, fig.mime, fig.data);
      return Number(r.lastInsertRowid);
    });
  }

  /** The bundle's published figures, those whose name matches the snapshot's first. */
  figuresFor(row: SnapshotRow): FigureInfo[] {
    const figs = this.st('SELECT id, bundle, name FROM figures WHERE bundle IS ? ORDER BY name').all(
      row.bundle,
    ) as { id: number; bundle: string | null; name: string }[];
    const norm = (x: string) => x.toLowerCase().replace(/[^a-z0-9]/g, '');
    const snap = norm(row.name);
    return figs
      .map((f) => {
        const stem = norm(
          f.name
            .split('/')
            .pop()
            ?.replace(/\.png$/i, '') ?? '',
        );
        return { ...f, matches: stem.length >= 3 && snap.includes(stem) };
      })
      .sort((a, b) => Number(b.matches) - Number(a.matches) || a.name.localeCompare(b.name));
  }

  figure(id: number): { mime: string; data: Buffer; name: string } | null {
    const r = this.st('SELECT mime, data, name FROM figures WHERE id = ?').get(id) as
      { mime: string; data: Buffer; name: string } | undefined;
    return r ?? null;
  }

  setAttributes(snapshotId: number, edits: Meta): void {
    this.write(() => {
      const r = this.st('SELECT user_attributes_json FROM snapshots WHERE id = ?').get(snapshotId) as
        { user_attributes_json: string } | undefined;
      if (!r) return;
      const cur = Meta.parse(JSON.parse(r.user_attributes_json));
      for (const [k, v] of Object.entries(edits)) {
        if (v === null) delete cur[k];
        else cur[k] = v;
      }
      this.st('UPDATE snapshots SET user_attributes_json = ? WHERE id = ?').run(
        JSON.stringify(cur),
        snapshotId,
      );
    });
  }

  /**
   * The library, or one page of it: filters (query terms, kind, model, attributes) and the order run
   * in SQL on indexed columns; serving aggregates are read for the rows returned only. Without
   * `limit` every matching row is returned (today's callers).
   */
  listSnapshots(q: LibraryQuery = {}): SnapshotRow[] {
    return this.listPage(q).rows;
  }

  listPage(q: LibraryQuery = {}): SnapshotPage {
    this.currentIdentity();
    if (q.cursor !== undefined && q.offset !== undefined && q.offset > 0)
      throw new RangeError('pass a cursor or an offset, not both');
    const newest = q.sort === 'newest';
    const after: { where: string[]; params: (string | number)[] } = { where: [], params: [] };
    if (q.cursor !== undefined) {
      const [key, id] = decodeCursor(q.cursor);
      after.where.push(newest ? '(s.created_at, s.id) < (?, ?)' : '(s.library_key, s.id) > (?, ?)');
      after.params.push(key, id);
    }
    const order = newest ? 's.created_at DESC, s.id DESC' : 's.library_key, s.id';
    const limit = q.limit ?? -1;
    if (q.offset !== undefined && q.offset > 0) {
      // an offset is walked over the sort keys alone (no skipped row is built: its path and JSON
      // columns cost 16 µs each), then the page is read after the last skipped row, as a cursor
      // a rare term through its hits; any other walks the order index testing the prepared text
      const rare = this.rareHits(q);
      const f = this.filterSql(q, rare !== undefined, rare);
      const from =
        f.hits === undefined ? 'snapshots s' : 'json_each(?) h CROSS JOIN snapshots s ON s.id = h.value';
      const skipped = this.st(
        `SELECT ${newest ? 's.created_at' : 's.library_key'} AS k, s.id AS id FROM ${from}${f.where.length ? ` WHERE ${f.where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT 1 OFFSET ?`,
      ).get(...(f.hits === undefined ? [] : [f.hits]), ...f.params, q.offset - 1) as
        { k: string; id: number } | undefined;
      if (!skipped) return { rows: [], nextCursor: null };
      return this.listPage({ ...q, offset: undefined, cursor: encodeCursor([skipped.k, skipped.id]) });
    }
    const run = (f: Filter): RawSnapshot[] => {
      const where = [...f.where, ...after.where];
      const select = f.hits === undefined ? SNAPSHOT_SELECT : HITS_SELECT;
      const sql = `${select}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ?`;
      return this.st(sql).all(
        ...(f.hits === undefined ? [] : [f.hits]),
        ...f.params,
        ...after.params,
        limit < 0 ? -1 : limit + 1,
      ) as RawSnapshot[];
    };
    let raws: RawSnapshot[] | null = null;
    // a rare term: the page is its few hits filtered, sorted and cut
    const hits = limit >= 0 ? this.rareHits(q) : undefined;
    if (hits !== undefined) raws = run(this.filterSql(q, true, hits));
    if (raws === null && limit >= 0 && !newest && queryTerms(q.query).length > 0) {
      // a common term fills a page within the first rows in library order: walk the order index
      // over at most SCAN_WINDOW rows testing the prepared text; past it, through the index
      const bound = this.st(
        `SELECT s.library_key FROM snapshots s${after.where.length ? ` WHERE ${after.where.join(' AND ')}` : ''} ORDER BY s.library_key, s.id LIMIT 1 OFFSET ${SCAN_WINDOW}`,
      )
        .pluck()
        .get(...after.params) as string | undefined;
      const scan = this.filterSql(q, false);
      if (bound !== undefined) {
        scan.where.push('s.library_key <= ?');
        scan.params.push(bound);
      }
      const found = run(scan);
      if (bound === undefined || found.length > limit) raws = found;
    }
    raws ??= run(this.filterSql(q, true));
    const more = limit >= 0 && raws.length > limit;
    if (more) raws.length = limit;
    const last = raws[raws.length - 1];
    return {
      rows: this.withServingAggregates(raws.map((r) => this.toRow(r, false))),
      nextCursor: more && last ? encodeCursor([newest ? last.created_at : last.library_key, last.id]) : null,
    };
  }

  /**
   * Every trigram-index hit of the query's indexed terms when there are at most RARE_HITS of them
   * (a probe of RARE_HITS + 1 rowids: cheap whatever the library's size); undefined otherwise.
   */
  private rareHits(q: LibraryQuery): number[] | undefined {
    const indexed = indexedTerms(queryTerms(q.query));
    if (indexed.length === 0) return undefined;
    const hits = this.st(
      `SELECT rowid FROM snapshot_search WHERE snapshot_search MATCH ? LIMIT ${RARE_HITS + 1}`,
    )
      .pluck()
      .all(ftsMatch(indexed)) as number[];
    return hits.length <= RARE_HITS ? hits : undefined;
  }

  /**
   * How many snapshots match the filters, and per kind and per model (each facet counted under the
   * other filters, not its own, so the choices stay visible).
   */
  libraryFacets(q: LibraryQuery = {}): LibraryFacets {
    // one grouped scan under the query and attributes; kind and model are applied here per facet
    const ids = this.currentIdentity();
    type Group = { kind: SnapshotKind; model: string | null; bundle: string | null; n: number };
    let groups: Group[];
    if (queryTerms(q.query).length === 0 && Object.keys(q.attributes ?? {}).length === 0) {
      // no query, no attributes: the counts the triggers keep (migration 0006), a few hundred rows
      groups = this.st(
        'SELECT kind, model, bundle, n FROM facet_counts WHERE n > 0 ORDER BY kind, model, bundle',
      ).all() as Group[];
    } else {
      const base = { ...q, kind: undefined, model: undefined };
      // a rare term counts its few hits by id (as listPage reads them)
      const { where, params, hits } = this.filterSql(base, true, this.rareHits(q));
      const from =
        hits === undefined ? 'snapshots s' : 'json_each(?) h CROSS JOIN snapshots s ON s.id = h.value';
      groups = this.st(
        `SELECT s.kind AS kind, s.model AS model, s.bundle AS bundle, COUNT(*) AS n FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} GROUP BY s.kind, s.model, s.bundle ORDER BY s.kind, s.model, s.bundle`,
      ).all(...(hits === undefined ? [] : [hits]), ...params) as Group[];
    }
    const kinds = { startup: 0, serving: 0 };
    // models counted per identity (shared/model-identity.ts), named by their Hugging Face id when seen
    const models = new Map<string, { names: string[]; count: number }>();
    const bundles = new Map<string | null, number>();
    const wanted = q.model === undefined ? undefined : resolveModelKey(q.model, ids);
    let total = 0;
    for (const g of groups) {
      const key = resolveModelKey(g.model, ids);
      const kindOk = !q.kind || g.kind === q.kind;
      const modelOk = wanted === undefined || key === wanted;
      if (kindOk && modelOk) {
        total += g.n;
        bundles.set(g.bundle, (bundles.get(g.bundle) ?? 0) + g.n);
      }
      if (modelOk) kinds[g.kind] += g.n;
      if (kindOk && key !== null && g.model !== null) {
        const m = models.get(key) ?? { names: [], count: 0 };
        m.names.push(g.model);
        m.count += g.n;
        models.set(key, m);
      }
    }
    const named = [...models].map(([key, m]) => ({
      model: identityDisplayName(key, m.names) ?? m.names[0] ?? '',
      count: m.count,
    }));
    return {
      total,
      kinds,
      models: named.sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0)),
      bundles: [...bundles].map(([bundle, count]) => ({ bundle, count })),
    };
  }

  /** One snapshot with its serving aggregates (what the library shows for it); null when absent. */
  snapshotSummary(id: number): SnapshotRow | null {
    this.currentIdentity();
    const raw = this.st(`${SNAPSHOT_SELECT} WHERE s.id = ?`).get(id) as RawSnapshot | undefined;
    return raw ? (this.withServingAggregates([this.toRow(raw, false)])[0] ?? null) : null;
  }

  /**
   * The WHERE terms for a filter. `useIndex` false: every query term as a substring test (a walk
   * in library order); `hits`: the trigram index's complete answer for the indexed terms, already
   * probed (a rare term), matched by id instead of a second MATCH.
   */
  private filterSql(q: LibraryQuery, useIndex = true, hits?: readonly number[]): Filter {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (q.kind) {
      where.push('s.kind = ?');
      params.push(q.kind);
    }
    if (q.model !== undefined) {
      where.push('model_key(s.model) = ?');
      params.push(resolveModelKey(q.model, this.currentIdentity()) ?? '');
    }
    for (const [k, v] of Object.entries(q.attributes ?? {})) {
      const path = `$."${k.replace(/"/g, '')}"`;
      const value = `COALESCE(json_extract(s.user_attributes_json, ?), json_extract(s.attributes_json, ?))`;
      if (v === null) where.push(`${value} IS NULL`);
      else where.push(`${value} = ?`);
      params.push(path, path);
      if (v !== null) params.push(typeof v === 'boolean' ? Number(v) : v);
    }
    const terms = queryTerms(q.query);
    // terms of 3+ characters through the trigram index (one MATCH of quoted phrases, all required);
    // shorter ones (the index cannot see them), or all when scanning, as a substring test
    const indexed = useIndex ? indexedTerms(terms) : [];
    // an id list (HITS_SELECT): the few rows are looked up by id and sorted
    const byIds = hits !== undefined && indexed.length > 0 ? JSON.stringify(hits) : undefined;
    if (byIds === undefined && indexed.length > 0) {
      where.push('s.id IN (SELECT rowid FROM snapshot_search WHERE snapshot_search MATCH ?)');
      params.push(ftsMatch(indexed));
    }
    for (const t of terms.filter((x) => !indexed.includes(x))) {
      where.push('instr(s.search_text, ?) > 0');
      params.push(t);
    }
    return { where, params, ...(byIds === undefined ? {} : { hits: byIds }) };
  }

  private withServingAggregates(rows: SnapshotRow[]): SnapshotRow[] {
    const ids = rows.filter((r) => r.kind === 'serving').map((r) => r.id);
    if (ids.length === 0) return rows;
    const serving = this.st(
      `SELECT snapshot_id, COUNT(*) AS points, MIN(concurrency) AS cmin, MAX(concurrency) AS cmax,
         MAX(CASE WHEN json_valid(metrics_json) THEN json_extract(metrics_json, '$.output_throughput') END) AS peak
       FROM serving_points WHERE snapshot_id IN (SELECT value FROM json_each(?)) GROUP BY snapshot_id`,
    ).all(JSON.stringify(ids)) as {
      snapshot_id: number;
      points: number;
      cmin: number | null;
      cmax: number | null;
      peak: number | null;
    }[];
    const agg = new Map(serving.map((r) => [r.snapshot_id, r]));
    for (const row of rows) {
      const a = agg.get(row.id);
      if (a) {
        row.meta = {
          ...row.meta,
          points: a.points,
          concurrencyMin: a.cmin,
          concurrencyMax: a.cmax,
          peakOutputTokS: a.peak,
        };
      }
    }
    return rows;
  }

  /**
   * Finds a snapshot; null when absent. A number, `#12` or `id:12` is an id; any other text is a
   * name first (a snapshot may be named `999`), then, when all digits and no name matches, an id.
   * The CLI and the HTTP API both resolve through here, so they agree.
   */
  findSnapshot(ref: number | string): SnapshotRow | null {
    this.currentIdentity();
    const byId = (id: number) =>
      this.st(`${SNAPSHOT_SELECT} WHERE s.id = ?`).get(id) as RawSnapshot | undefined;
    let raw: RawSnapshot | undefined;
    const explicit = typeof ref === 'string' ? /^(?:#|id:)(\d+)$/.exec(ref) : null;
    if (typeof ref === 'number') raw = byId(ref);
    else if (explicit) raw = byId(Number(explicit[1]));
    else {
      raw = this.st(`${SNAPSHOT_SELECT} WHERE s.name = ?`).get(ref) as RawSnapshot | undefined;
      if (!raw && /^\d+$/.test(ref)) raw = byId(Number(ref));
    }
    return raw ? this.toRow(raw, true) : null;
  }

  /** Rows this store wrote are trusted: parsed, not validated again (zod runs at the boundaries). */
  private toRow(r: RawSnapshot, withMeasurements: boolean): SnapshotRow {
    const user = JSON.parse(r.user_attributes_json) as Meta;
    return {
      attributes: { ...(JSON.parse(r.attributes_json) as Meta), ...user },
      editedAttributes: Object.keys(user),
      id: r.id,
      name: r.name,
      kind: r.kind,
      model: r.model,
      modelKey: resolveModelKey(r.model, this.overrides),
      bundle: r.bundle,
      meta: JSON.parse(r.meta_json) as Meta,
      measurements:
        withMeasurements && r.measurements_json
          ? StartupMeasurements.parse(JSON.parse(r.measurements_json))
          : null,
      issues: JSON.parse(r.issues_json) as Issues,
      totalS: r.total_s,
      createdAt: r.created_at,
      sourcePath: r.path,
    };
  }

  /** The manual values applied to a snapshot (enabled scenarios only). */
  manualValues(snapshotId: number): Map<string, { valueS: number; note: string; scenario: string }> {
    const rows = this.db
      .prepare(
        'SELECT phase_id, value_s, note, scenario FROM manual_phases WHERE snapshot_id = ? AND enabled = 1',
      )
      .all(snapshotId) as { phase_id: string; value_s: number; note: string; scenario: string }[];
    return new Map(rows.map((r) => [r.phase_id, { valueS: r.value_s, note: r.note, scenario: r.scenario }]));
  }

  /** Every scenario of a snapshot with its values, applied or not ('' = unnamed). */
  manualScenarios(snapshotId: number): { scenario: string; enabled: boolean; phases: string[] }[] {
    const rows = this.db
      .prepare(
        `SELECT scenario, MAX(enabled) AS enabled, json_group_array(phase_id) AS phases FROM manual_phases
         WHERE snapshot_id = ? GROUP BY scenario ORDER BY scenario`,
      )
      .all(snapshotId) as { scenario: string; enabled: number; phases: string }[];
    return rows.map((r) => ({
      scenario: r.scenario,
      enabled: r.enabled === 1,
      phases: (JSON.parse(r.phases) as string[]).sort(),
    }));
  }

  /** Per start-up snapshot with applied manual values: how many, and the total of its measured phases. */
  manualSummaries(): Map<number, { count: number; measuredTotalS: number | null }> {
    const rows = this.db
      .prepare(
        `SELECT m.snapshot_id AS id, COUNT(*) AS n,
           (SELECT SUM(p.duration_s) FROM phases p WHERE p.snapshot_id = m.snapshot_id AND p.parent_id IS NULL) AS measured
         FROM manual_phases m WHERE m.enabled = 1 GROUP BY m.snapshot_id`,
      )
      .all() as { id: number; n: number; measured: number | null }[];
    return new Map(rows.map((r) => [r.id, { count: r.n, measuredTotalS: r.measured }]));
  }

  setManual(
    snapshotId: number,
    phaseId: string,
    valueS: number | null,
    note: string,
    totalS: (m: Map<string, { valueS: number; note: string; scenario: string }>) => number,
    scenario = '',
  ): void {
    this.write(() => {
      if (valueS === null) {
        this.st('DELETE FROM manual_phases WHERE snapshot_id = ? AND phase_id = ?').run(snapshotId, phaseId);
      } else {
        this.db
          .prepare(
            `INSERT INTO manual_phases (snapshot_id, phase_id, value_s, note, created_at, scenario, enabled) VALUES (?, ?, ?, ?, ?, ?, 1)
             ON CONFLICT (snapshot_id, phase_id) DO UPDATE SET value_s = excluded.value_s, note = excluded.note,
               created_at = excluded.created_at, scenario = excluded.scenario, enabled = 1`,
          )
          .run(snapshotId, phaseId, valueS, note, new Date().toISOString(), scenario);
      }
      this.st('UPDATE snapshots SET total_s = ? WHERE id = ?').run(
        totalS(this.manualValues(snapshotId)),
        snapshotId,
      );
    });
  }

  /** The imported files behind a snapshot (its log, or every result file of a serving snapshot), by path. */
  sourceFiles(snapshotId: number): SourceFileInfo[] {
    const rows = this.st(
      `SELECT f.path, f.size, f.sha256, f.format, f.importer_version, f.bundle, f.imported_at
       FROM source_files f
       WHERE f.id IN (SELECT source_file_id FROM snapshots WHERE id = ?
                      UNION SELECT source_file_id FROM serving_points WHERE snapshot_id = ?)
       ORDER BY f.path`,
    ).all(snapshotId, snapshotId) as {
      path: string;
      size: number;
      sha256: string;
      format: string;
      importer_version: number;
      bundle: string | null;
      imported_at: string;
    }[];
    return rows.map((r) => ({
      path: r.path,
      size: r.size,
      sha256: r.sha256,
      format: r.format,
      importerVersion: r.importer_version,
      bundle: r.bundle,
      importedAt: r.imported_at,
    }));
  }

  /** Switch a scenario's values on or off, or remove them all; returns how many values it touched. */
  setScenario(
    snapshotId: number,
    scenario: string,
    action: 'enable' | 'disable' | 'remove',
    totalS: (m: Map<string, { valueS: number; note: string; scenario: string }>) => number,
  ): number {
    return this.write(() => {
      const r =
        action === 'remove'
          ? this.db
              .prepare('DELETE FROM manual_phases WHERE snapshot_id = ? AND scenario = ?')
              .run(snapshotId, scenario)
          : this.db
              .prepare('UPDATE manual_phases SET enabled = ? WHERE snapshot_id = ? AND scenario = ?')
              .run(action === 'enable' ? 1 : 0, snapshotId, scenario);
      this.db
        .prepare('UPDATE snapshots SET total_s = ? WHERE id = ?')
        .run(totalS(this.manualValues(snapshotId)), snapshotId);
      return r.changes;
    });
  }

  /** Serving snapshots of `model` whose experiment key is in `scope` (`${scope}#…`): the import names new ones by what varies among them. */
  servingSiblings(scope: string, model: string | null): { id: number; name: string; attributes: string }[] {
    const prefix = `${scope}#`;
    return this.st(
      `SELECT id, name, attributes_json AS attributes FROM snapshots
         WHERE kind = 'serving' AND model IS ? AND substr(experiment_key, 1, length(?)) = ? ORDER BY id`,
    ).all(model, prefix, prefix) as { id: number; name: string; attributes: string }[];
  }

  /** Whether the experiment `key` already holds a point from `file` (a sweep's summary.json repeats its run files). */
  hasServingPoint(key: string, file: string): boolean {
    return (
      this.st(
        `SELECT 1 FROM serving_points p JOIN snapshots s ON s.id = p.snapshot_id
           WHERE s.experiment_key = ? AND p.file = ?`,
      ).get(key, file) !== undefined
    );
  }

  /**
   * Renames a snapshot the import just created from `created` (the name it was given) to `wanted`
   * (or `wanted (N)` when taken); its library key follows. A snapshot no longer named `created`
   * (renamed meanwhile, or another one) keeps its name. Returns the name it has, null when gone.
   */
  renameImported(id: number, created: string, wanted: string): string | null {
    return this.write(() => {
      const row = this.st('SELECT name, bundle FROM snapshots WHERE id = ?').get(id) as
        { name: string; bundle: string | null } | undefined;
      if (!row) return null;
      if (row.name !== created || row.name === wanted) return row.name;
      const name = this.claimName(wanted);
      this.st('UPDATE snapshots SET name = ?, library_key = ? WHERE id = ?').run(
        name,
        libraryKey(row.bundle, name),
        id,
      );
      return name;
    });
  }

  /** Renames a snapshot; the new name must be free (checked by the caller, enforced by the schema). */
  renameSnapshot(id: number, name: string): void {
    this.db.prepare('UPDATE snapshots SET name = ? WHERE id = ?').run(name, id);
  }

  events(snapshotId: number, lines: readonly number[]): LogEvent[] {
    if (lines.length === 0) return [];
    const rows = this.st(
      `SELECT line, at_s, process, pid, level, message FROM log_events
         WHERE snapshot_id = ? AND line IN (SELECT value FROM json_each(?)) ORDER BY at_s, line`,
    ).all(snapshotId, JSON.stringify(lines)) as {
      line: number;
      at_s: number | null;
      process: string | null;
      pid: string | null;
      level: string | null;
      message: string;
    }[];
    return rows.map((r) => ({
      line: r.line,
      atS: r.at_s,
      process: r.process,
      pid: r.pid,
      level: r.level,
      message: r.message,
    }));
  }

  /** Deletes a snapshot (its rows go to the trash, see deleteSnapshotWithUndo); 1 when it existed. */
  deleteSnapshot(id: number): number {
    return this.deleteSnapshotWithUndo(id) === null ? 0 : 1;
  }

  /**
   * Deletes a snapshot and, in the same transaction, keeps its rows (snapshot, phases, manual values,
   * log events, serving points, the source files behind them) in the trash under a new restore token,
   * which it returns (null: no such snapshot). Source files no other row uses are deleted, so
   * importing the files again imports them. The trash keeps the newest TRASH_KEEP deletions.
   */
  deleteSnapshotWithUndo(id: number): string | null {
    return this.write(() => {
      const snapshot = this.st('SELECT * FROM snapshots WHERE id = ?').get(id) as SqlRow | undefined;
      if (!snapshot) return null;
      const sourceId = snapshot['source_file_id'] as number | null;
      const rowsOf = (table: string) =>
        this.db.prepare(`SELECT * FROM ${table} WHERE snapshot_id = ?`).all(id) as SqlRow[];
      const points = rowsOf('serving_points');
      // a serving snapshot's files hang off its points: forget them too, so a re-import imports
      const sourceIds = [
        ...new Set([sourceId, ...points.map((p) => p['source_file_id'] as number)].filter((x) => x !== null)),
      ];
      const sources = sourceIds.flatMap(
        (sid) => this.st('SELECT * FROM source_files WHERE id = ?').all(sid) as SqlRow[],
      );
      const bundle: TrashBundle = {
        version: 1,
        snapshot,
        phases: rowsOf('phases'),
        manual: rowsOf('manual_phases'),
        events: rowsOf('log_events'),
        points,
        sources,
        purged: [],
      };
      this.st('DELETE FROM snapshots WHERE id = ?').run(id);
      const used = this.st(
        `SELECT 1 FROM snapshots WHERE source_file_id = @sid
         UNION ALL SELECT 1 FROM serving_points WHERE source_file_id = @sid
         UNION ALL SELECT 1 FROM figures WHERE source_file_id = @sid LIMIT 1`,
      );
      for (const sid of sourceIds) {
        if (!used.get({ sid })) {
          this.st('DELETE FROM source_files WHERE id = ?').run(sid);
          bundle.purged.push(sid);
        }
      }
      const token = randomBytes(6).toString('hex');
      this.st(
        'INSERT INTO snapshot_trash (token, snapshot_id, name, kind, deleted_at, bundle_json) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(token, id, snapshot['name'], snapshot['kind'], new Date().toISOString(), JSON.stringify(bundle));
      this.st(
        `DELETE FROM snapshot_trash WHERE rowid NOT IN
           (SELECT rowid FROM snapshot_trash ORDER BY deleted_at DESC, rowid DESC LIMIT ${TRASH_KEEP})`,
      ).run();
      return token;
    });
  }

  /** Deletions that can still be undone, newest first. */
  trashEntries(): TrashEntry[] {
    const rows = this.st(
      'SELECT token, snapshot_id, name, kind, deleted_at FROM snapshot_trash ORDER BY deleted_at DESC, rowid DESC',
    ).all() as { token: string; snapshot_id: number; name: string; kind: SnapshotKind; deleted_at: string }[];
    return rows.map((r) => ({
      token: r.token,
      snapshotId: r.snapshot_id,
      name: r.name,
      kind: r.kind,
      deletedAt: r.deleted_at,
    }));
  }

  /**
   * Puts a deleted snapshot back exactly as it was (same id, name, created time, manual values,
   * attribute edits, points and events; the same ids when still free) in one transaction, and
   * empties its trash entry. Refuses, changing nothing, when its name or experiment is taken now
   * or one of its files was imported again.
   */
  restoreSnapshot(token: string): number {
    return this.write(() => {
      const t = this.st('SELECT bundle_json FROM snapshot_trash WHERE token = ?').get(token) as
        { bundle_json: string } | undefined;
      if (!t) {
        const known = this.trashEntries()
          .slice(0, 5)
          .map((e) => `${e.token} ("${e.name}")`);
        throw new RestoreError(
          'not_found',
          `no deleted snapshot with restore token "${token}"${known.length ? `; restorable: ${known.join(', ')}` : ' (nothing to restore)'}`,
        );
      }
      const b = JSON.parse(t.bundle_json) as TrashBundle;
      if (b.version !== 1)
        throw new RestoreError(
          'conflict',
          `restore token "${token}" holds a deletion this BenchLens cannot read`,
        );
      const snap = { ...b.snapshot };
      const name = snap['name'] as string;
      const other = this.st('SELECT id FROM snapshots WHERE name = ?').get(name) as
        { id: number } | undefined;
      if (other)
        throw new RestoreError(
          'conflict',
          `cannot restore "${name}": a snapshot of that name exists now (id ${other.id}); rename or delete it first`,
        );
      const exp = snap['experiment_key'];
      if (typeof exp === 'string') {
        const same = this.st('SELECT name FROM snapshots WHERE experiment_key = ?').get(exp) as
          { name: string } | undefined;
        if (same)
          throw new RestoreError(
            'conflict',
            `cannot restore "${name}": its experiment ${exp} was imported again as "${same.name}"; delete that first`,
          );
      }
      const sourceIds = new Map<number, number>();
      for (const src of b.sources) {
        const oldId = src['id'] as number;
        const now = this.st('SELECT id FROM source_files WHERE identity = ?').get(src['identity']) as
          { id: number } | undefined;
        if (now && b.purged.includes(oldId))
          throw new RestoreError(
            'conflict',
            `cannot restore "${name}": its file ${String(src['path'])} was imported again; delete the snapshot it became first`,
          );
        sourceIds.set(oldId, now ? now.id : this.insertRow('source_files', src));
      }
      const remap = (v: SqlRow[string] | undefined): SqlRow[string] =>
        typeof v === 'number' ? (sourceIds.get(v) ?? v) : (v ?? null);
      snap['source_file_id'] = remap(snap['source_file_id']);
      const id = this.insertRow('snapshots', snap);
      for (const [table, rows] of [
        ['phases', b.phases],
        ['manual_phases', b.manual],
        ['log_events', b.events],
      ] as const)
        for (const r of rows) this.insertRow(table, { ...r, snapshot_id: id });
      for (const p of b.points)
        this.insertRow('serving_points', {
          ...p,
          snapshot_id: id,
          source_file_id: remap(p['source_file_id']),
        });
      this.st('DELETE FROM snapshot_trash WHERE token = ?').run(token);
      return id;
    });
  }

  /** Inserts a row read by `SELECT *` back, under its own id when that is still free; returns the id. */
  private insertRow(table: string, row: SqlRow): number {
    const r = { ...row };
    if (typeof r['id'] === 'number' && this.db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(r['id']))
      delete r['id'];
    const cols = Object.keys(r);
    const res = this.db
      .prepare(
        `INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      )
      .run(...cols.map((c) => r[c]));
    return typeof r['id'] === 'number' ? r['id'] : Number(res.lastInsertRowid);
  }

  /**
   * The identity overrides, read again only when another connection committed since the last read
   * (this connection's own writes of them reload at once).
   */
  currentIdentity(): IdentityOverrides {
    const v = this.st('PRAGMA data_version').pluck().get() as number;
    if (v !== this.overridesVersion) {
      this.identityOverrides();
      this.overridesVersion = v;
    }
    return this.overrides;
  }

  /** The identity overrides as stored, read fresh (another process may have changed them). */
  identityOverrides(): IdentityOverrides {
    let rows: IdentityOverrideRow[];
    try {
      rows = this.identityOverrideRows();
    } catch {
      rows = []; // a read-only database from before migration 0004
    }
    const names = new Map<string, string>();
    const keys = new Map<string, string>();
    for (const r of rows) (r.kind === 'name' ? names : keys).set(r.source, r.target);
    this.overrides = { names, keys };
    return this.overrides;
  }

  identityOverrideRows(): IdentityOverrideRow[] {
    const rows = this.st(
      'SELECT kind, source, target, created_at FROM model_identity_overrides ORDER BY kind, source',
    ).all() as { kind: 'name' | 'key'; source: string; target: string; created_at: string }[];
    return rows.map((r) => ({ kind: r.kind, source: r.source, target: r.target, createdAt: r.created_at }));
  }

  /** Sets (or replaces) one override and removes those listed in `remove`, in one transaction. */
  setIdentityOverrides(
    set: readonly Pick<IdentityOverrideRow, 'kind' | 'source' | 'target'>[],
    remove: readonly Pick<IdentityOverrideRow, 'kind' | 'source'>[] = [],
  ): void {
    const now = new Date().toISOString();
    this.write(() => {
      for (const r of remove)
        this.st('DELETE FROM model_identity_overrides WHERE kind = ? AND source = ?').run(r.kind, r.source);
      for (const r of set)
        this.st(
          `INSERT INTO model_identity_overrides (kind, source, target, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (kind, source) DO UPDATE SET target = excluded.target, created_at = excluded.created_at`,
        ).run(r.kind, r.source, r.target, now);
    });
    this.identityOverrides();
  }

  /** Every model name in the library with its number of snapshots, by name. */
  modelNames(): { model: string; count: number }[] {
    return this.st(
      'SELECT model, COUNT(*) AS count FROM snapshots WHERE model IS NOT NULL GROUP BY model ORDER BY model',
    ).all() as { model: string; count: number }[];
  }
}

interface RawPoint {
  id: number;
  file: string;
  part: number | null;
  aggregate: number;
  concurrency: number | null;
  concurrency_unbounded: number;
  request_rate: number | null;
  rate_infinite: number;
  repeat: number | null;
  completed: number | null;
  failed: number | null;
  num_prompts: number | null;
  duration_s: number | null;
  date: string | null;
  metrics_json: string;
  flags_json: string;
  path: string;
}
