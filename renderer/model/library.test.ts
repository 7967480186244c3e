// Tests for the library list model: search, filters, grouping and row attributes.
import { describe, expect, it } from 'vitest';
import { SnapshotSummary } from '../../shared/model';
import {
  IMPORTED_FILES,
  attributesOf,
  filterSnapshots,
  groupRows,
  keyAttributes,
  matchesQuery,
  modelsOf,
} from './library';

function snap(id: number, name: string, extra: Record<string, unknown> = {}): SnapshotSummary {
  // Parsed, so the fixture follows the model's current fields (extra ones are stripped, defaults added).
  return SnapshotSummary.parse({
    id,
    name,
    kind: 'startup',
    model: 'Qwen/Qwen3-235B-A22B',
    bundle: 'replica_initialization',
    createdAt: '2025-01-01T00:00:00Z',
    sourcePath: `/x/${name}.txt`,
    totalS: 100,
    meta: {},
    attributes: {},
    editedAttributes: [],
    ...extra,
  });
}

const LIST = [
  snap(1, 'qwen235B-base', { meta: { tensorParallelSize: 8, loadFormat: 'auto', compileCache: 'miss' } }),
  snap(2, 'qwen235B-all', {
    meta: { tensorParallelSize: 8, loadFormat: 'runai_streamer', compileCache: 'hit' },
  }),
  snap(3, 'llama70b-base', { model: 'meta-llama/Llama-3-70B' }),
  snap(4, 'conc64', { kind: 'serving', bundle: null, totalS: null, attributes: { replicas: 2 } }),
];

describe('library model', () => {
  it('searches name, model and meta values, all terms required', () => {
    expect(matchesQuery(LIST[1] as SnapshotSummary, 'runai')).toBe(true);
    expect(matchesQuery(LIST[1] as SnapshotSummary, 'QWEN hit')).toBe(true);
    expect(matchesQuery(LIST[0] as SnapshotSummary, 'qwen hit')).toBe(false);
    expect(filterSnapshots(LIST, { query: 'llama', kind: 'all', model: 'all' }).map((s) => s.id)).toEqual([
      3,
    ]);
  });
  it('filters by kind and model', () => {
    expect(filterSnapshots(LIST, { query: '', kind: 'serving', model: 'all' }).map((s) => s.id)).toEqual([4]);
    expect(
      filterSnapshots(LIST, { query: '', kind: 'all', model: 'meta-llama/Llama-3-70B' }).map((s) => s.id),
    ).toEqual([3]);
    expect(modelsOf(LIST)).toEqual(['meta-llama/Llama-3-70B', 'Qwen/Qwen3-235B-A22B']);
  });
  it('treats one model under several names as one (organisation prefix, -sharded copy)', () => {
    const list = [
      snap(1, 'qwen-base', { model: 'Qwen/Qwen3-235B-A22B' }),
      snap(2, 'qwen-all', { model: 'Qwen3-235B-A22B-sharded' }),
      snap(3, 'llama-runai', { model: 'Meta-Llama-3-70B' }),
    ];
    expect(modelsOf(list)).toEqual(['Meta-Llama-3-70B', 'Qwen/Qwen3-235B-A22B']);
    const qwen = filterSnapshots(list, { query: '', kind: 'all', model: 'Qwen/Qwen3-235B-A22B' });
    expect(qwen.map((s) => s.id)).toEqual([1, 2]);
  });
  it('groups by bundle with imported files last', () => {
    const rows = groupRows(LIST);
    expect(rows.map((r) => (r.type === 'header' ? `#${r.bundle}` : r.snapshot.name))).toEqual([
      '#replica_initialization',
      'llama70b-base',
      'qwen235B-all',
      'qwen235B-base',
      `#${IMPORTED_FILES}`,
      'conc64',
    ]);
  });
  it('derives key attributes', () => {
    expect(
      keyAttributes({
        tensorParallelSize: 8,
        loadFormat: 'runai_streamer',
        compileCache: 'hit',
        gpu: 'H100',
        vllmVersion: '0.10.1',
      }),
    ).toEqual(['TP8', 'runai_streamer', 'cache hit', 'H100', 'vLLM 0.10.1']);
    expect(keyAttributes({})).toEqual([]);
    expect(attributesOf({ attributes: { replicas: 2, gpus: 8 } })).toEqual({ replicas: 2, gpus: 8 });
    expect(attributesOf({ meta: {} })).toEqual({});
  });
});
