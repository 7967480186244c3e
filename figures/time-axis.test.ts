// Tests for the shared time axis: domain rules and exact tick positions.
import { describe, expect, it } from 'vitest';
import { sharedDomain, tickCountFor, timeAxis } from './time-axis';

describe('time axis', () => {
  it('uses the largest total as the shared domain max', () => {
    const d = sharedDomain([
      { totalS: 982, phases: [{ startS: 0, durationS: 39 }] },
      { totalS: 260, phases: [{ startS: 0, durationS: 20 }] },
    ]);
    expect(d).toEqual([0, 982]);
  });
  it('extends the domain to an early start or a late phase end', () => {
    expect(
      sharedDomain([
        {
          totalS: 100,
          phases: [
            { startS: -30, durationS: 30 },
            { startS: 90, durationS: 20 },
          ],
        },
      ]),
    ).toEqual([-30, 110]);
    expect(sharedDomain([])).toEqual([0, 1]);
  });
  it('places ticks exactly', () => {
    const a = timeAxis([0, 1000], [100, 600], 5);
    expect(a.ticks.map((t) => t.valueS)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(a.ticks.map((t) => t.x)).toEqual([100, 200, 300, 400, 500, 600]);
    expect(a.ticks[1]?.label).toBe('200 s');
    expect(a.scale(500)).toBe(350);
  });
  it('derives a tick count from width', () => {
    expect(tickCountFor(900)).toBe(10);
    expect(tickCountFor(50)).toBe(4);
  });
});
