// Tests for the library list model: the query sent to the core, grouping of loaded pages, row attributes.
import { describe, expect, it } from 'vitest';
import { SnapshotSummary } from '../../shared/model';
import { IMPORTED_FILES, attributesOf, groupPage, keyAttributes, libraryQuery } from './library';

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
  it('sends the filter to the core as a library query (no filtering here)', () => {
    expect(libraryQuery({ query: '  runai  h100 ', kind: 'all', model: 'all' })).toEqual({
      query: 'runai  h100',
    });
    expect(libraryQuery({ query: '', kind: 'serving', model: 'meta-llama/Llama-3-70B' })).toEqual({
      kind: 'serving',
      model: 'meta-llama/Llama-3-70B',
    });
  });
  it('puts a header before each run of one bundle, in the order the core sent', () => {
    const ordered = [LIST[2], LIST[1], LIST[0], LIST[3]] as SnapshotSummary[];
    const rows = groupPage(ordered, true);
    expect(rows.map((r) => (r.type === 'header' ? `#${r.bundle}:${r.count}` : r.snapshot.name))).toEqual([
      '#replica_initialization:3',
      'llama70b-base',
      'qwen235B-all',
      'qwen235B-base',
      `#${IMPORTED_FILES}:1`,
      'conc64',
    ]);
    expect(rows.filter((r) => r.type === 'header' && r.more)).toHaveLength(0);
    const partial = groupPage(ordered.slice(0, 2), false);
    expect(partial[0]).toMatchObject({ type: 'header', count: 2, more: true });
    const counted = groupPage(ordered.slice(0, 2), false, [{ bundle: 'replica_initialization', count: 455 }]);
    expect(counted[0]).toMatchObject({ type: 'header', count: 455, more: false });
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
