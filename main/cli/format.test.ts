// The CLI's snapshot list: a failed or partial start-up's total is marked as such, never a bare number.
import { describe, expect, it } from 'vitest';
import type { SnapshotSummary } from '../../shared/model';
import { formatList } from './format';

const snap = (
  id: number,
  name: string,
  totalS: number,
  meta: SnapshotSummary['meta'] = {},
): SnapshotSummary => ({
  id,
  name,
  kind: 'startup',
  model: null,
  bundle: null,
  createdAt: '2026-11-30T00:00:00Z',
  sourcePath: `/logs/${name}.log`,
  totalS,
  meta,
  attributes: {},
  editedAttributes: [],
});

describe('formatList', () => {
  it('marks the totals of failed and partial start-ups', () => {
    const out = formatList([
      snap(1, 'ok', 260),
      snap(2, 'crashed', 0, { startupStatus: 'failed' }),
      snap(3, 'excerpt', 34.3, { startupStatus: 'partial' }),
    ]);
    const rows = out.split('\n');
    expect(rows[1]).toMatch(/ok .* 260\.0$/);
    expect(rows[2]).toMatch(/crashed .* failed 0\.0$/);
    expect(rows[3]).toMatch(/excerpt .* partial 34\.3$/);
  });
});
