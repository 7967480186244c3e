// Store opening (issue 9: 13): another application's SQLite file, or a file that is not SQLite, is
// refused by name before anything is written; a read-only open writes nothing.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from './migrate';
import { Store } from './store';

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const dir = () => mkdtempSync(join(tmpdir(), 'benchlens-store-'));

describe('Store open', () => {
  it("refuses another application's SQLite file without changing it", () => {
    const p = join(dir(), 'other.db');
    const other = new Database(p);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (1)');
    other.close();
    const before = sha(p);
    expect(() => new Store(p)).toThrow(`${p} is not a BenchLens database (it holds other tables: notes)`);
    expect(sha(p)).toBe(before);
    expect(existsSync(`${p}-wal`)).toBe(false);
  });

  it('refuses a file that is not SQLite, naming it', () => {
    const p = join(dir(), 'notes.txt');
    writeFileSync(p, 'x'.repeat(4096));
    expect(() => new Store(p)).toThrow(
      `${p} cannot be opened as a BenchLens database: file is not a database`,
    );
    expect(readFileSync(p, 'utf8')).toBe('x'.repeat(4096));
  });

  it('opens a BenchLens database read-only without switching its journal or migrating', () => {
    const p = join(dir(), 'b.db');
    // a current schema in rollback-journal mode: a read-only open must neither switch it nor migrate
    const rw = new Database(p);
    migrate(rw, loadMigrations(), p);
    rw.close();
    const before = sha(p);
    const ro = new Store(p, { readonly: true });
    expect(ro.db.pragma('journal_mode', { simple: true })).toBe('delete');
    ro.close();
    expect(sha(p)).toBe(before);
  });
});
