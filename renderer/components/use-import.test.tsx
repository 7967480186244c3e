// @vitest-environment jsdom
// A multi-file upload over HTTP shows the merged report of all its files, even when the core's
// importFinished event for one of them arrives after its response (it used to replace the merged report).
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/contract';
import { emptyReport, type ImportReport } from '../../shared/model';
import type { Client } from '../api/client';
import { reportKey, useImport } from './use-import';

type Handler = Parameters<Client['subscribe']>[0];

function reportOf(file: string, id: number): ImportReport {
  return { ...emptyReport(), imported: [{ file, snapshotId: id, name: file, kind: 'startup' }] };
}

describe('useImport over HTTP', () => {
  it('keeps the merged report when the events of its own uploads arrive late', async () => {
    let handler: Handler = () => {};
    const sent: ImportReport[] = [];
    const client = {
      api: {} as Client['api'],
      subscribe: (h: Handler) => {
        handler = h;
        return () => {};
      },
      openImportDialog: null,
      upload: async (name: string) => {
        const r = reportOf(name, sent.length + 1);
        sent.push(r);
        return r;
      },
      transport: 'http',
    } satisfies Client;
    const { result } = renderHook(() => useImport(client, () => {}));
    const file = (name: string) => ({ name, file: new Blob(['INFO 1']) as File });
    await act(() => result.current.importFiles([file('a.log'), file('b.log')]));
    await waitFor(() => expect(result.current.state.status).toBe('done'));
    // the core's events for both uploads, after the responses
    act(() => {
      for (const report of sent) handler('importFinished', { report } as EventPayload<'importFinished'>);
    });
    expect(result.current.state.report?.imported.map((i) => i.file)).toEqual(['a.log', 'b.log']);
    // an import started elsewhere (File menu) still shows
    const other = reportOf('c.log', 9);
    act(() => handler('importFinished', { report: other } as EventPayload<'importFinished'>));
    expect(result.current.state.report?.imported.map((i) => i.file)).toEqual(['c.log']);
  });

  it('keys a report by its files whatever route carried it', () => {
    const a = reportOf('x.log', 1);
    expect(reportKey(JSON.parse(JSON.stringify(a)) as ImportReport)).toBe(reportKey(a));
    expect(reportKey(reportOf('x.log', 2))).not.toBe(reportKey(a));
  });
});
