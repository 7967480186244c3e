// Issue 9 (13): reading commands (list, show, export, report) open the database read-only: the
// file's bytes and mtime stay as they were, nothing lands in its write-ahead log, a database that
// needs upgrading is refused by name (a writing command upgrades it), and a read-only file in a
// read-only folder can be listed. Tests run as root here, where chmod does not stop writes: the
// read-only cases run the CLI as `nobody` (setpriv) when root, so the permissions really apply.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Store } from '../../../db/store';
import { DEFAULT_MIGRATIONS_DIR } from '../../../db/migrate';
import { cli, cliRaw, FIXTURES, ROOT } from '../cli-helpers';

const fingerprint = (file: string) => ({
  sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
  mtimeMs: statSync(file).mtimeMs,
});

/** A database holding one imported start-up log, closed cleanly (no -wal, no -shm left). */
function importedDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'benchlens-ro-'));
  const db = join(dir, 'lib.db');
  const r = cli(db, 'import', join(FIXTURES, 'ray-tp2-base.log'));
  expect(r.code, r.stderr).toBe(0);
  expect(readdirSync(dir).sort()).toEqual(['lib.db']);
  return db;
}

const isRoot = process.getuid?.() === 0;
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

/** The CLI as an unprivileged user when we are root, so file permissions hold. */
function cliAsUser(...args: string[]) {
  const argv = [join(ROOT, 'bin/benchlens.js'), ...args];
  const [cmd, cmdArgs] =
    isRoot && setpriv
      ? [setpriv, ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, ...argv]]
      : [process.execPath, argv];
  return spawnSync(cmd, cmdArgs, {
    encoding: 'utf8',
    env: { ...process.env, BENCHLENS_DB: '', HOME: tmpdir() },
    timeout: 60_000,
  });
}

describe('reading commands open the database read-only', () => {
  it('list, show, export and report leave the file byte for byte and its log empty', () => {
    const db = importedDb();
    const before = fingerprint(db);
    for (const args of [
      ['list'],
      ['list', '--json'],
      ['show', 'ray-tp2-base'],
      ['export', 'ray-tp2-base', '--table', 'phases', '--format', 'csv'],
      ['report', 'ray-tp2-base', '-o', join(tmpdir(), `benchlens-ro-report-${process.pid}.html`)],
    ]) {
      const r = cliRaw(...args, '--db', db);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(fingerprint(db)).toEqual(before);
    // SQLite's WAL readers make the shared-memory index beside the file; nothing is ever logged
    const wal = `${db}-wal`;
    if (existsSync(wal)) expect(statSync(wal).size).toBe(0);
  }, 180_000);

  it('refuses a database that needs upgrading by name, changing nothing; a writing command upgrades it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchlens-ro-old-'));
    const older = join(dir, 'migrations');
    mkdirSync(older);
    const all = readdirSync(DEFAULT_MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(all.length).toBeGreaterThan(1);
    for (const f of all.slice(0, -1)) copyFileSync(join(DEFAULT_MIGRATIONS_DIR, f), join(older, f));
    const db = join(dir, 'old.db');
    new Store(db, { migrationsDir: older }).close();
    const before = fingerprint(db);
    const r = cliRaw('list', '--db', db);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${db} needs upgrading to this BenchLens version`);
    expect(r.stderr).toContain(all[all.length - 1]);
    expect(fingerprint(db)).toEqual(before);
    const up = cli(db, 'import', join(FIXTURES, 'ray-tp2-base.log'));
    expect(up.code, up.stderr).toBe(0);
    expect(cliRaw('list', '--db', db).code).toBe(0);
  }, 120_000);

  it.runIf(!isRoot || setpriv !== undefined)(
    'lists a read-only file in a read-only folder (run as an unprivileged user)',
    () => {
      const db = importedDb();
      const dir = join(db, '..');
      chmodSync(db, 0o444);
      chmodSync(dir, 0o555);
      try {
        const before = fingerprint(db);
        // the permissions really apply to that user: a write is refused
        const probe = cliAsUser('rename', 'ray-tp2-base', 'x', '--db', db);
        expect(probe.status).not.toBe(0);
        const r = cliAsUser('list', '--json', '--db', db);
        expect(r.status, r.stderr).toBe(0);
        expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ name: 'ray-tp2-base' })]);
        const s = cliAsUser('show', 'ray-tp2-base', '--db', db);
        expect(s.status, s.stderr).toBe(0);
        expect(fingerprint(db)).toEqual(before);
        expect(readdirSync(dir)).toEqual(['lib.db']);
      } finally {
        chmodSync(dir, 0o755);
        chmodSync(db, 0o644);
      }
    },
    120_000,
  );

  it('the store opened read-only refuses writes (SQLITE_OPEN_READONLY)', () => {
    const db = importedDb();
    const store = new Store(db, { readonly: true });
    try {
      expect(() => store.db.exec('CREATE TABLE probe (x)')).toThrow(/readonly/);
      expect(store.db.readonly).toBe(true);
    } finally {
      store.close();
    }
    // and a plain connection agrees nothing was added
    const check = new Database(db, { readonly: true });
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'probe'").get()).toEqual({
      n: 0,
    });
    check.close();
  });
});
