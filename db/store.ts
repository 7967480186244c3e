// The only module that speaks SQL: opens (and migrates) the database in WAL mode, and maps rows
// to shared/model types. Every write that belongs together runs in one transaction.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { Meta, RankValue, type LogEvent, type Phase, type SnapshotKind } from '../shared/model';
import { StartupMeasurements } from '../shared/startup-phases';
import { DEFAULT_MIGRATIONS_DIR, loadMigrations, migrate } from './migrate';

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
  measurements: StartupMeasurements | null;
  issues: { line: number | null; message: string }[];
  totalS: number | null;
  createdAt: string;
  sourcePath: string;
}

export interface NewSourceFile {
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

const Issues = z.array(z.object({ line: z.number().int().nullable(), message: z.string() }));

interface RawSnapshot {
  id: number;
  name: string;
  kind: SnapshotKind;
  model: string | null;
  bundle: string | null;
  meta_json: string;
  measurements_json: string | null;
  issues_json: string;
  total_s: number | null;
  created_at: string;
  path: string;
}

const SNAPSHOT_SELECT = `SELECT s.id, s.name, s.kind, s.model, s.bundle, s.meta_json, s.measurements_json,
  s.issues_json, s.total_s, s.created_at, f.path FROM snapshots s JOIN source_files f ON f.id = s.source_file_id`;

export class Store {
  readonly db: Database.Database;

  constructor(
    readonly path: string,
    opts: OpenOptions = {},
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path, {
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
      ...(opts.readonly ? { readonly: true } : {}),
    });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db, loadMigrations(opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR), path);
  }

  close(): void {
    this.db.close();
  }

  hasSource(sha256: string): boolean {
    return this.db.prepare('SELECT 1 FROM source_files WHERE sha256 = ?').get(sha256) !== undefined;
  }

  /** A free snapshot name: the wanted one, else "name (2)", "name (3)"… */
  uniqueName(wanted: string): string {
    const taken = this.db.prepare('SELECT 1 FROM snapshots WHERE name = ?');
    if (!taken.get(wanted)) return wanted;
    for (let i = 2; ; i++) {
      const n = `${wanted} (${i})`;
      if (!taken.get(n)) return n;
    }
  }

  insertStartup(file: NewSourceFile, snap: NewStartupSnapshot): number {
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      const f = this.db
        .prepare(
          `INSERT INTO source_files (path, size, sha256, format, importer_version, bundle, imported_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(file.path, file.size, file.sha256, file.format, file.importerVersion, file.bundle, now);
      const s = this.db
        .prepare(
          `INSERT INTO snapshots (source_file_id, name, kind, model, bundle, meta_json, measurements_json, issues_json, total_s, created_at)
           VALUES (?, ?, 'startup', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          f.lastInsertRowid,
          this.uniqueName(snap.name),
          snap.model,
          snap.bundle,
          JSON.stringify(snap.meta),
          JSON.stringify(snap.measurements),
          JSON.stringify(snap.issues),
          snap.totalS,
          now,
        );
      const id = Number(s.lastInsertRowid);
      const ph = this.db.prepare(
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
      const ev = this.db.prepare(
        'INSERT INTO log_events (snapshot_id, line, at_s, process, pid, level, message) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const e of snap.events)
        ev.run(id, e.line, e.atS, e.process, e.pid, e.level, e.message.slice(0, 4000));
      return id;
    })();
  }

  listSnapshots(): SnapshotRow[] {
    const rows = this.db.prepare(`${SNAPSHOT_SELECT} ORDER BY s.bundle, s.name`).all() as RawSnapshot[];
    return rows.map((r) => this.toRow(r, false));
  }

  /** Finds a snapshot by id or by unique name; null when absent. */
  findSnapshot(ref: number | string): SnapshotRow | null {
    let raw: RawSnapshot | undefined;
    if (typeof ref === 'number' || /^\d+$/.test(ref)) {
      raw = this.db.prepare(`${SNAPSHOT_SELECT} WHERE s.id = ?`).get(Number(ref)) as RawSnapshot | undefined;
    }
    if (!raw && typeof ref === 'string') {
      raw = this.db.prepare(`${SNAPSHOT_SELECT} WHERE s.name = ?`).get(ref) as RawSnapshot | undefined;
    }
    return raw ? this.toRow(raw, true) : null;
  }

  private toRow(r: RawSnapshot, withMeasurements: boolean): SnapshotRow {
    return {
      id: r.id,
      name: r.name,
      kind: r.kind,
      model: r.model,
      bundle: r.bundle,
      meta: Meta.parse(JSON.parse(r.meta_json)),
      measurements:
        withMeasurements && r.measurements_json
          ? StartupMeasurements.parse(JSON.parse(r.measurements_json))
          : null,
      issues: Issues.parse(JSON.parse(r.issues_json)),
      totalS: r.total_s,
      createdAt: r.created_at,
      sourcePath: r.path,
    };
  }

  manualValues(snapshotId: number): Map<string, { valueS: number; note: string }> {
    const rows = this.db
      .prepare('SELECT phase_id, value_s, note FROM manual_phases WHERE snapshot_id = ?')
      .all(snapshotId) as { phase_id: string; value_s: number; note: string }[];
    return new Map(rows.map((r) => [r.phase_id, { valueS: r.value_s, note: r.note }]));
  }

  setManual(
    snapshotId: number,
    phaseId: string,
    valueS: number | null,
    note: string,
    totalS: (m: Map<string, { valueS: number; note: string }>) => number,
  ): void {
    this.db.transaction(() => {
      if (valueS === null) {
        this.db
          .prepare('DELETE FROM manual_phases WHERE snapshot_id = ? AND phase_id = ?')
          .run(snapshotId, phaseId);
      } else {
        this.db
          .prepare(
            `INSERT INTO manual_phases (snapshot_id, phase_id, value_s, note, created_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (snapshot_id, phase_id) DO UPDATE SET value_s = excluded.value_s, note = excluded.note, created_at = excluded.created_at`,
          )
          .run(snapshotId, phaseId, valueS, note, new Date().toISOString());
      }
      this.db
        .prepare('UPDATE snapshots SET total_s = ? WHERE id = ?')
        .run(totalS(this.manualValues(snapshotId)), snapshotId);
    })();
  }

  /** Stored (slowest-rank) measured phases, as imported. */
  storedPhases(snapshotId: number): { id: string; durationS: number; ranks: z.infer<typeof RankValue>[] }[] {
    const rows = this.db
      .prepare('SELECT phase_id, duration_s, ranks_json FROM phases WHERE snapshot_id = ? ORDER BY start_s')
      .all(snapshotId) as { phase_id: string; duration_s: number; ranks_json: string }[];
    return rows.map((r) => ({
      id: r.phase_id,
      durationS: r.duration_s,
      ranks: z.array(RankValue).parse(JSON.parse(r.ranks_json)),
    }));
  }

  events(snapshotId: number, lines: readonly number[]): LogEvent[] {
    if (lines.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT line, at_s, process, pid, level, message FROM log_events
         WHERE snapshot_id = ? AND line IN (SELECT value FROM json_each(?)) ORDER BY at_s, line`,
      )
      .all(snapshotId, JSON.stringify(lines)) as {
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
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT source_file_id FROM snapshots WHERE id = ?').get(id) as
        { source_file_id: number } | undefined;
      if (!row) return 0;
      this.db.prepare('DELETE FROM snapshots WHERE id = ?').run(id);
      const left = this.db
        .prepare('SELECT 1 FROM snapshots WHERE source_file_id = ?')
        .get(row.source_file_id);
      if (!left) this.db.prepare('DELETE FROM source_files WHERE id = ?').run(row.source_file_id);
      return 1;
    })();
  }
}
