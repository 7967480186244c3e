// @vitest-environment jsdom
// Typing in the library asks for rows at each keystroke but for the counts only once typing pauses
// (issue 10: a count over every match must not hold up the next keystroke's page in the core).
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LibraryQuery } from '../../shared/model';
import type { Client } from '../api/client';
import type { LibraryFilter } from '../model/library';
import { FACETS_DELAY_MS, useLibrary } from './use-library';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('useLibrary while typing', () => {
  it('reads rows per keystroke and the counts once, for the last query, after the pause', async () => {
    const rowsAsked: LibraryQuery[] = [];
    const facetsAsked: LibraryQuery[] = [];
    const facets = { total: 0, kinds: { startup: 0, serving: 0 }, models: [], bundles: [] };
    const client = {
      api: {
        listSnapshots: async (q: LibraryQuery) => {
          rowsAsked.push(q);
          return [];
        },
        libraryFacets: async (q: LibraryQuery) => {
          facetsAsked.push(q);
          return facets;
        },
      } as unknown as Client['api'],
      subscribe: () => () => {},
      openImportDialog: null,
      upload: null,
      transport: 'http',
    } satisfies Client;
    const filter = (query: string): LibraryFilter => ({ query, kind: 'all', model: 'all' });
    const { rerender } = renderHook(({ f }) => useLibrary(client, f, 0), {
      initialProps: { f: filter('r') },
    });
    for (const q of ['ru', 'run', 'runa', 'runai']) {
      await act(async () => {
        await vi.advanceTimersByTimeAsync(30); // a keystroke every 30 ms
      });
      rerender({ f: filter(q) });
    }
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1); // the last keystroke's rows arrive
    });
    expect(rowsAsked.map((q) => q.query)).toEqual(['r', 'ru', 'run', 'runa', 'runai']);
    expect(facetsAsked).toEqual([]);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(FACETS_DELAY_MS);
    });
    expect(facetsAsked.map((q) => q.query)).toEqual(['runai']);
  });
});
