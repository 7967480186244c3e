// @vitest-environment jsdom
// "Export report…" in the app: asks the core's exportReport for what the view shows and downloads the
// HTML under the core's file name; a core error is shown beside the button, nothing is downloaded.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clientFromTransport } from '../api/client';
import { ExportReportButton } from './ExportReportButton';

let downloads: { name: string; blob: Blob }[] = [];
const blobs = new Map<string, Blob>();

beforeEach(() => {
  downloads = [];
  let n = 0;
  vi.stubGlobal('URL', {
    ...URL,
    createObjectURL: (b: Blob) => {
      const url = `blob:test/${(n += 1)}`;
      blobs.set(url, b);
      return url;
    },
    revokeObjectURL: () => undefined,
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    const blob = blobs.get(this.getAttribute('href') ?? '');
    if (blob) downloads.push({ name: this.download, blob });
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

function readBlob(b: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(new Error('unreadable blob'));
    r.readAsText(b);
  });
}

describe('ExportReportButton', () => {
  it('downloads the core’s HTML report of the snapshots shown', async () => {
    const calls: unknown[] = [];
    const client = clientFromTransport(async (method, input) => {
      calls.push([method, input]);
      if (method === 'exportReport')
        return { fileName: 'a-vs-b-report.html', mime: 'text/html', html: '<!DOCTYPE html><p>3.78x</p>' };
      throw new Error(`unexpected ${method}`);
    });
    render(<ExportReportButton client={client} request={{ snapshots: [1, 2], ranks: 'median' }} />);
    await act(async () => {
      fireEvent.click(screen.getByTestId('export-report'));
    });
    expect(calls).toEqual([['exportReport', { snapshots: [1, 2], ranks: 'median' }]]);
    expect(downloads.map((d) => [d.name, d.blob.type])).toEqual([
      ['a-vs-b-report.html', 'text/html;charset=utf-8'],
    ]);
    expect(await readBlob(downloads[0]?.blob ?? new Blob())).toContain('3.78x');
  });

  it('shows the core’s error and downloads nothing', async () => {
    const client = clientFromTransport(async () => {
      throw new Error('"x" has no "gpus" attribute');
    });
    render(<ExportReportButton client={client} request={{ snapshots: [1, 2], normalise: 'gpu' }} />);
    await act(async () => {
      fireEvent.click(screen.getByTestId('export-report'));
    });
    expect((await screen.findByRole('alert')).textContent).toContain('no "gpus" attribute');
    expect(downloads).toEqual([]);
  });
});
