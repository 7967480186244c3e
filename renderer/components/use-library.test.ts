// What the library does with the core's snapshotsChanged (issue 10: 3): a change naming nothing
// reads nothing again; a delete drops its loaded rows at once.
import { describe, expect, it } from 'vitest';
import { changeNeedsRefresh, withoutRemoved } from './use-library';

describe('library changes', () => {
  it('refreshes when snapshots are named or nothing is said, not for an import that changed nothing', () => {
    expect(changeNeedsRefresh({})).toBe(true);
    expect(changeNeedsRefresh({ ids: [3], removed: [] })).toBe(true);
    expect(changeNeedsRefresh({ ids: [], removed: [4] })).toBe(true);
    expect(changeNeedsRefresh({ ids: [], removed: [] })).toBe(false);
  });

  it('drops removed rows, keeping the same array when none of them is loaded', () => {
    const rows = [{ id: 1 }, { id: 2 }, { id: 3 }];
    expect(withoutRemoved(rows, [2, 9])).toEqual([{ id: 1 }, { id: 3 }]);
    expect(withoutRemoved(rows, [9])).toBe(rows);
    expect(withoutRemoved(rows, [])).toBe(rows);
  });
});
