// The library pages from SQL (issue 10: 3): filters, natural order, cursors and offsets, facet
// counts, one snapshot by id, unique names without a probe per namesake, and migration 0002 on an
// older database.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../db/migrate';
import { libraryKey, naturalKey, RARE_HITS, SCAN_WINDOW, Store } from '../../db/store';
import { createCoreService } from '../../main/core/service';
import { callMethod } from '../../main/core/call';
import { fillLibrary, MODELS } from '../../scripts/bench-data';
import { NO_MEASUREMENTS } from '../../shared/startup-phases';

const dirs: string[] = [];
const tmpDb = () => {
  const d = mkdtempSync(join(tmpdir(), 'benchlens-library-'));
  dirs.push(d);
  return join(d, 'lib.db');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function filled(n: number): Store {
  const s = new Store(tmpDb());
  fillLibrary(s, n, { bundles: 3, pointsPerServing: 3 });
  return s;
}

describe('library paging', () => {
  it('orders bundles by name, files without a bundle last, names in natural order', () => {
    expect(naturalKey('conc2') < naturalKey('conc16')).toBe(true);
    expect(naturalKey('Run-007') === naturalKey('run-7')).toBe(true);
    expect(libraryKey('zeta', 'a') < libraryKey(null, 'a')).toBe(true);
    const s = filled(60);
    const all = s.listSnapshots();
    expect(all).toHaveLength(60);
    const bundles = all.map((r) => r.bundle);
    expect(bundles.indexOf(null)).toBe(bundles.length - bundles.filter((b) => b === null).length);
    const b0 = all.filter((r) => r.bundle === 'bundle-0000').map((r) => r.name);
    expect(b0.slice(0, 3)).toEqual(['exp-0', 'exp-15', 'exp-30']);
    expect(b0.indexOf('run-9')).toBeLessThan(b0.indexOf('run-12'));
    s.close();
  });

  it('walks the whole library page by page with cursors, each row once, in the full order', () => {
    const s = filled(57);
    const all = s.listSnapshots().map((r) => r.id);
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const p = s.listPage({ limit: 10, ...(cursor ? { cursor } : {}) });
      for (const r of p.rows) seen.push(r.id);
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    expect(seen).toEqual(all);
    expect(s.listSnapshots({ limit: 5, offset: 10 }).map((r) => r.id)).toEqual(all.slice(10, 15));
    // an offset is read as a cursor after the last skipped row: the same rows under every filter and order
    for (const f of [
      { query: 'run' },
      { query: 'run-4' },
      { query: 'h1 runai' },
      { kind: 'serving' as const },
      { sort: 'newest' as const },
      { sort: 'newest' as const, query: 'run' },
    ]) {
      const full = s.listSnapshots(f).map((r) => r.id);
      for (const offset of [1, 3, full.length - 1, full.length, full.length + 5])
        expect(s.listSnapshots({ ...f, limit: 4, offset }).map((r) => r.id)).toEqual(
          full.slice(offset, offset + 4),
        );
    }
    const newest = s.listSnapshots({ sort: 'newest', limit: 4 });
    const p2 = s.listPage({ sort: 'newest', limit: 4 });
    expect(s.listSnapshots({ sort: 'newest', limit: 4, cursor: p2.nextCursor ?? '' })).toHaveLength(4);
    expect(newest.map((r) => r.id)).toEqual([...all].sort((a, b) => b - a).slice(0, 4));
    expect(() => s.listPage({ cursor: 'nonsense' })).toThrow(/not a library cursor/);
    s.close();
  });

  it('a searched page is the same whether found in the first rows walked or through the index', () => {
    const s = new Store(tmpDb());
    fillLibrary(s, SCAN_WINDOW + 1500, { bundles: 4 });
    const pages = (query: string, kind?: 'startup', limit = 97) => {
      const out: number[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 200; i++) {
        const p = s.listPage({ query, limit, ...(kind ? { kind } : {}), ...(cursor ? { cursor } : {}) });
        for (const r of p.rows) out.push(r.id);
        if (!p.nextCursor) break;
        cursor = p.nextCursor;
      }
      return out;
    };
    // common (pages from the walk), rare (only past the walked rows: the index), short terms (no index)
    for (const [query, kind] of [
      ['runai h100', 'startup'],
      ['run-6', undefined],
      ['ru h2', undefined],
    ] as const) {
      const all = s.listSnapshots({ query, ...(kind ? { kind } : {}) }).map((r) => r.id);
      expect(all.length).toBeGreaterThan(0);
      expect(pages(query, kind)).toEqual(all);
    }
    // rare (at most RARE_HITS index hits: the page read from them by id), paged by cursor, with a kind
    for (const [query, kind] of [
      ['run-61', 'startup'],
      ['run-61', undefined],
      ['run-612 h1', undefined],
    ] as const) {
      const all = s.listSnapshots({ query, ...(kind ? { kind } : {}) }).map((r) => r.id);
      expect(all.length).toBeGreaterThan(0);
      expect(all.length).toBeLessThanOrEqual(RARE_HITS);
      expect(pages(query, kind, 7)).toEqual(all);
      expect(s.libraryFacets({ query, ...(kind ? { kind } : {}) }).total).toBe(all.length);
    }
    expect(s.listSnapshots({ query: `run-${SCAN_WINDOW + 1499}`, limit: 5 }).map((r) => r.name)).toEqual([
      `run-${SCAN_WINDOW + 1499}`,
    ]);
    s.close();
  });

  it('filters by query terms, kind, model and attributes in SQL, and counts facets', () => {
    const s = filled(50);
    const all = s.listSnapshots();
    const q = s.listSnapshots({ query: 'RUNAI_streamer  h100' });
    expect(q.length).toBeGreaterThan(0);
    expect(q).toEqual(
      all.filter((r) => r.meta['loadFormat'] === 'runai_streamer' && r.meta['gpu'] === 'H100'),
    );
    const serving = s.listSnapshots({ kind: 'serving' });
    expect(serving.map((r) => r.id)).toEqual(all.filter((r) => r.kind === 'serving').map((r) => r.id));
    expect(serving[0]?.meta['points']).toBe(3);
    const model = MODELS[1] ?? '';
    expect(s.listSnapshots({ model }).every((r) => r.model === model)).toBe(true);
    const replicas = s.listSnapshots({ attributes: { replicas: 2 } });
    expect(replicas.map((r) => r.id)).toEqual(
      all.filter((r) => r.attributes['replicas'] === 2).map((r) => r.id),
    );
    const f = s.libraryFacets({ kind: 'serving', model });
    expect(f.total).toBe(all.filter((r) => r.kind === 'serving' && r.model === model).length);
    expect(f.kinds).toEqual({
      startup: all.filter((r) => r.kind === 'startup' && r.model === model).length,
      serving: all.filter((r) => r.kind === 'serving' && r.model === model).length,
    });
    expect(f.models.reduce((a, m) => a + m.count, 0)).toBe(serving.length);
    expect(f.bundles?.reduce((a, b) => a + b.count, 0)).toBe(f.total);
    expect(f.bundles?.find((b) => b.bundle === 'bundle-0001')?.count ?? 0).toBe(
      all.filter((r) => r.kind === 'serving' && r.model === model && r.bundle === 'bundle-0001').length,
    );
    s.close();
  });

  it('keeps the facet counts (migration 0006) equal to counting the rows, through inserts, edits and deletes', () => {
    const s = filled(40);
    // the counts read from facet_counts (no query) against the same filters counted over the rows
    // (a query every row matches: the counting path)
    const both = (q: { kind?: 'startup' | 'serving'; model?: string } = {}) => [
      s.libraryFacets(q),
      s.libraryFacets({ ...q, query: 'e' }),
    ];
    const check = () => {
      for (const q of [{}, { kind: 'serving' as const }, { model: MODELS[2] ?? '' }]) {
        const [kept, counted] = both(q);
        expect(kept).toEqual(counted);
      }
    };
    check();
    expect(both()[0]?.total).toBe(40);
    const victim = s.listSnapshots({ kind: 'startup' })[0];
    s.deleteSnapshot(victim?.id ?? -1);
    s.db
      .prepare("UPDATE snapshots SET model = 'other/model', bundle = NULL WHERE id = ?")
      .run(s.listSnapshots({ kind: 'serving' })[0]?.id ?? -1);
    check();
    expect(both()[0]?.total).toBe(39);
    expect(both()[0]?.models.find((m) => m.model === 'other/model')?.count).toBe(1);
    s.close();
  });

  it('keeps the search text current when attributes are edited', () => {
    const s = filled(10);
    const id = s.listSnapshots({ kind: 'serving' })[0]?.id ?? 0;
    expect(s.listSnapshots({ query: 'nightly-xyz' })).toEqual([]);
    s.setAttributes(id, { label: 'Nightly-XYZ' });
    expect(s.listSnapshots({ query: 'nightly-xyz' }).map((r) => r.id)).toEqual([id]);
    expect(s.listSnapshots({ attributes: { label: 'Nightly-XYZ' } }).map((r) => r.id)).toEqual([id]);
    // short terms (below the trigram index) still match, and a deleted snapshot is no longer found
    expect(s.listSnapshots({ query: 'xyz 8b' }).map((r) => r.id)).toEqual(
      s
        .listSnapshots()
        .filter((r) => r.id === id && /8b/i.test(r.model ?? ''))
        .map((r) => r.id),
    );
    expect(s.listSnapshots({ query: 'ni' }).map((r) => r.id)).toContain(id);
    s.deleteSnapshot(id);
    expect(s.listSnapshots({ query: 'nightly-xyz' })).toEqual([]);
    s.close();
  });

  it('gives "name (n)" one past the last suffix, stepping over names taken by hand', () => {
    const s = filled(3);
    const base = s.listSnapshots({ kind: 'startup' })[0]?.name ?? '';
    const mk = (k: string, name: string) =>
      s.insertStartup(
        {
          identity: k,
          path: `/x/${k}`,
          size: 1,
          sha256: k,
          format: 'vllm-startup-log',
          importerVersion: 1,
          bundle: null,
        },
        {
          name,
          model: null,
          bundle: null,
          meta: {},
          measurements: NO_MEASUREMENTS,
          issues: [],
          phases: [],
          totalS: 1,
          events: [],
        },
      );
    mk('a', `${base} (3)`);
    mk('b', `${base} (2) extra`);
    expect(s.uniqueName(base)).toBe(`${base} (2)`);
    mk('c', base);
    expect(s.findSnapshot(`${base} (2)`)).not.toBeNull();
    expect(s.uniqueName(base)).toBe(`${base} (4)`);
    expect(s.uniqueName('fresh')).toBe('fresh');
    s.close();
  });

  it('brings a database made by 0001 up to date: search text and sort keys back-filled', () => {
    const path = tmpDb();
    const old = new Database(path);
    const m1 = loadMigrations().filter((m) => m.name === '0001_init.sql');
    migrate(old, m1, path);
    old
      .prepare(
        `INSERT INTO snapshots (name, kind, model, bundle, meta_json, attributes_json, created_at)
         VALUES ('old run 10', 'startup', 'acme/Big', 'b', '{"gpu":"H100","cached":true}', '{"replicas":2}', 'x'),
                ('old run 9', 'startup', NULL, 'b', '{}', '{}', 'y')`,
      )
      .run();
    old.close();
    const s = new Store(path);
    expect(s.listSnapshots().map((r) => r.name)).toEqual(['old run 9', 'old run 10']);
    expect(s.listSnapshots({ query: 'acme/big h100 true' }).map((r) => r.name)).toEqual(['old run 10']);
    s.close();
  });

  it('the service answers a page with facets, and servingPoints without listing the library', async () => {
    const dbPath = tmpDb();
    const s = new Store(dbPath);
    fillLibrary(s, 30, { bundles: 2, pointsPerServing: 4 });
    s.close();
    const svc = createCoreService({ dbPath, importInWorker: false });
    const page = (await callMethod(svc, 'libraryPage', { kind: 'serving', limit: 2 })) as {
      snapshots: { id: number; name: string }[];
      nextCursor: string | null;
      facets: { total: number };
    };
    expect(page.snapshots).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    expect(page.facets.total).toBe(6);
    const sp = (await callMethod(svc, 'servingPoints', { snapshot: page.snapshots[0]?.id })) as {
      snapshot: { meta: Record<string, unknown> };
      points: unknown[];
    };
    expect(sp.points).toHaveLength(4);
    expect(sp.snapshot.meta['points']).toBe(4);
    await expect(callMethod(svc, 'listSnapshots', { cursor: 'zz' })).rejects.toThrow(/not a library cursor/);
    await expect(callMethod(svc, 'listSnapshots', { kind: 'other' })).rejects.toThrow(/kind/);
    svc.close();
  });
});
