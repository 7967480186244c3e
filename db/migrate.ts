// Numbered plain-SQL migrations with a `_migrations` ledger holding each applied file's hash.
// Refuses a migration edited after it was applied, and a database written by a newer app.
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export interface MigrationFile {
  name: string;
  sql: string;
  sha256: string;
}

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export function loadMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, sql, sha256: createHash('sha256').update(sql).digest('hex') };
    });
}

export function migrate(db: Database.Database, migrations: readonly MigrationFile[], dbPath: string): number {
  db.exec(`CREATE TABLE IF NOT EXISTS _migrations (
    name TEXT PRIMARY KEY, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const done = new Set(appliedMigrations(db, migrations, dbPath));
  let count = 0;
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    // BEGIN IMMEDIATE and a re-check: another process opening the same new database may have
    // applied it while this one waited for the lock
    const applies = db
      .transaction(() => {
        if (db.prepare('SELECT 1 FROM _migrations WHERE name = ?').get(m.name) !== undefined) return false;
        db.exec(m.sql);
        db.prepare('INSERT INTO _migrations (name, sha256, applied_at) VALUES (?, ?, ?)').run(
          m.name,
          m.sha256,
          new Date().toISOString(),
        );
        return true;
      })
      .immediate();
    if (applies) count++;
  }
  return count;
}

/**
 * The names of the migrations applied to `db` (which must hold `_migrations`), after refusing a
 * database written by a newer app or one whose applied migration was edited. Reads only.
 */
export function appliedMigrations(
  db: Database.Database,
  migrations: readonly MigrationFile[],
  dbPath: string,
): string[] {
  const applied = db.prepare('SELECT name, sha256 FROM _migrations ORDER BY name').all() as {
    name: string;
    sha256: string;
  }[];
  const known = new Map(migrations.map((m) => [m.name, m]));
  for (const row of applied) {
    const m = known.get(row.name);
    if (!m) {
      throw new MigrationError(
        `${dbPath} was written by a newer BenchLens (it has migration ${row.name}, which this version does not know). ` +
          'Update BenchLens, or point --db / BENCHLENS_DB at another database.',
      );
    }
    if (m.sha256 !== row.sha256) {
      throw new MigrationError(
        `migration ${row.name} was changed after it was applied to ${dbPath} ` +
          `(applied ${row.sha256.slice(0, 12)}, now ${m.sha256.slice(0, 12)}); add a new migration instead of editing an old one.`,
      );
    }
  }
  return applied.map((r) => r.name);
}
