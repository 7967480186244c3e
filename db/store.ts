// The only module that speaks SQL: opens (and migrates) the database in WAL mode, or read-only
// (nothing written: no WAL switch, no migration) for reading commands, and maps rows
// to shared/model types. Every write that belongs together runs in one transaction; statements are
// prepared once per connection; the library is answered one page at a time from indexes.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
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
import { modelDisplayName, modelKey } from '../shared/model-identity';
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

  constructor(
    readonly path: string,
    opts: OpenOptions = {},
  ) {
    if (opts.readonly) this.db = openReadOnly(path, opts.nativeBinding);
    else {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      this.db = new Database(path, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
    }
    // writers queue for the lock rather than fail: every write is BEGIN IMMEDIATE (`write` below)
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // one model under its several names (org prefix, -sharded copies): filters and facets go by key
    this.db.function('model_key', { deterministic: true }, (name: unknown) =>
      modelKey(typeof name === 'string' ? name : null),
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
    if (this.st('SELECT 1 FROM snapshots WHERE name = ?').get(wanted) === undefined) return wanted;
    const last = this.st('SELECT last FROM name_suffixes WHERE base = ?').pluck().get(wanted) as
      number | undefined;
    const taken = this.st('SELECT 1 FROM snapshots WHERE name = ?');
    let i = Math.max(2, (last ?? 1) + 1);
    // a name written by hand as "name (n)" (or given before the counter existed) is stepped over
    while (taken.get(`${wanted} (${i})`) !== undefined) i++;
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
    const run = (f: { where: string[]; params: (string | number)[] }): RawSnapshot[] => {
      const where = [...f.where, ...after.where];
      const sql = `${SNAPSHOT_SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ? OFFSET ?`;
      return this.st(sql).all(
        ...f.params,
        ...after.params,
        limit < 0 ? -1 : limit + 1,
        q.offset ?? 0,
      ) as RawSnapshot[];
    };
    let raws: RawSnapshot[] | null = null;
    if (limit >= 0 && !newest && queryTerms(q.query).length > 0) {
      // a common term fills a page within the first rows in library order: walk the order index
      // over at most SCAN_WINDOW rows testing the prepared text; a rarer one goes through the index
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
   * How many snapshots match the filters, and per kind and per model (each facet counted under the
   * other filters, not its own, so the choices stay visible).
   */
  libraryFacets(q: LibraryQuery = {}): LibraryFacets {
    // one grouped scan under the query and attributes; kind and model are applied here per facet
    const { where, params } = this.filterSql({ ...q, kind: undefined, model: undefined });
    const groups = this.st(
      `SELECT s.kind AS kind, s.model AS model, s.bundle AS bundle, COUNT(*) AS n FROM snapshots s${where.length ? ` WHERE ${where.join(' AND ')}` : ''} GROUP BY s.kind, s.model, s.bundle`,
    ).all(...params) as { kind: SnapshotKind; model: string | null; bundle: string | null; n: number }[];
    const kinds = { startup: 0, serving: 0 };
    // models counted per identity (shared/model-identity.ts), named by their Hugging Face id when seen
    const models = new Map<string, { names: string[]; count: number }>();
    const bundles = new Map<string | null, number>();
    const wanted = q.model === undefined ? undefined : modelKey(q.model);
    let total = 0;
    for (const g of groups) {
      const key = modelKey(g.model);
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
    const named = [...models.values()].map((m) => ({
      model: modelDisplayName(m.names) ?? m.names[0] ?? '',
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
    const raw = this.st(`${SNAPSHOT_SELECT} WHERE s.id = ?`).get(id) as RawSnapshot | undefined;
    return raw ? (this.withServingAggregates([this.toRow(raw, false)])[0] ?? null) : null;
  }

  private filterSql(q: LibraryQuery, useIndex = true): { where: string[]; params: (string | number)[] } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (q.kind) {
      where.push('s.kind = ?');
      params.push(q.kind);
    }
    if (q.model !== undefined) {
      where.push('model_key(s.model) = ?');
      params.push(modelKey(q.model) ?? '');
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
    const indexed = useIndex ? terms.filter((t) => [...t].length >= 3) : [];
    if (indexed.length > 0) {
      where.push('s.id IN (SELECT rowid FROM snapshot_search WHERE snapshot_search MATCH ?)');
      params.push(indexed.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND '));
    }
    for (const t of terms.filter((x) => !indexed.includes(x))) {
      where.push('instr(s.search_text, ?) > 0');
      params.push(t);
    }
    return { where, params };
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

  deleteSnapshot(id: number): number {
    return this.write(() => {
      const row = this.st('SELECT source_file_id FROM snapshots WHERE id = ?').get(id) as
        { source_file_id: number | null } | undefined;
      if (!row) return 0;
      // a serving snapshot's files hang off its points: forget them too, so a re-import imports
      const pointSources = (
        this.st('SELECT DISTINCT source_file_id AS id FROM serving_points WHERE snapshot_id = ?').all(id) as {
          id: number;
        }[]
      ).map((r) => r.id);
      this.st('DELETE FROM snapshots WHERE id = ?').run(id);
      const used = this.st(
        `SELECT 1 FROM snapshots WHERE source_file_id = @sid
         UNION ALL SELECT 1 FROM serving_points WHERE source_file_id = @sid
         UNION ALL SELECT 1 FROM figures WHERE source_file_id = @sid LIMIT 1`,
      );
      for (const sid of [row.source_file_id, ...pointSources]) {
        if (sid !== null && !used.get({ sid })) this.st('DELETE FROM source_files WHERE id = ?').run(sid);
      }
      return 1;
    });
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
