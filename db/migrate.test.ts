import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, MigrationError } from './migrate';
import { Store } from './store';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'benchlens-db-'));
  dirs.push(d);
  return join(d, 'test.db');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migrations', () => {
  it('creates the schema once, records hashes, and is idempotent', () => {
    const file = tmp();
    const db = new Database(file);
    const ms = loadMigrations();
    expect(ms[0]?.name).toBe('0001_init.sql');
    expect(migrate(db, ms, file)).toBe(ms.length);
    expect(migrate(db, ms, file)).toBe(0);
    const rows = db.prepare('SELECT name, sha256 FROM _migrations').all() as {
      name: string;
      sha256: string;
    }[];
    expect(rows.map((r) => r.name)).toEqual(ms.map((m) => m.name));
    expect(rows[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    db.close();
  });

  it('refuses a migration changed after it was applied', () => {
    const file = tmp();
    const db = new Database(file);
    const ms = loadMigrations();
    migrate(db, ms, file);
    const edited = ms.map((m, i) => (i === 0 ? { ...m, sha256: 'f'.repeat(64) } : m));
    expect(() => migrate(db, edited, file)).toThrow(/0001_init\.sql was changed after it was applied/);
    db.close();
  });

  it('refuses a database written by a newer app, with a clear message', () => {
    const file = tmp();
    const db = new Database(file);
    migrate(db, loadMigrations(), file);
    db.prepare('INSERT INTO _migrations VALUES (?, ?, ?)').run('9999_future.sql', 'a'.repeat(64), 'now');
    db.close();
    expect(() => new Store(file)).toThrow(MigrationError);
    expect(() => new Store(file)).toThrow(/written by a newer BenchLens.*9999_future\.sql/);
  });

  it('opens in WAL mode with foreign keys on', () => {
    const s = new Store(tmp());
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('foreign_keys', { simple: true })).toBe(1);
    s.close();
  });
});
