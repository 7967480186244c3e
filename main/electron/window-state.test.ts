import { describe, expect, it } from 'vitest';
import { restoreWindowState } from './window-state';

const laptop = { x: 0, y: 0, width: 1920, height: 1080 };
const external = { x: 1920, y: 0, width: 2560, height: 1440 };
const min = { width: 900, height: 600 };

describe('restoreWindowState', () => {
  it('restores a window that is still on a display', () => {
    const saved = { x: 100, y: 50, width: 1400, height: 900, maximized: false };
    expect(restoreWindowState(saved, [laptop], min)).toEqual(saved);
    expect(restoreWindowState({ ...saved, x: 2000 }, [laptop, external], min)).toEqual({ ...saved, x: 2000 });
  });

  it('drops a position on a display that is gone, or with the title bar out of reach', () => {
    expect(restoreWindowState({ x: 2000, y: 50, width: 1400, height: 900 }, [laptop], min)).toBeNull();
    expect(restoreWindowState({ x: 100, y: -500, width: 1400, height: 900 }, [laptop], min)).toBeNull();
    expect(restoreWindowState({ x: 1900, y: 50, width: 1400, height: 900 }, [laptop], min)).toBeNull();
  });

  it('clamps the size to the display and the minimum size', () => {
    expect(
      restoreWindowState({ x: 0, y: 0, width: 5000, height: 300, maximized: true }, [laptop], min),
    ).toEqual({
      x: 0,
      y: 0,
      width: 1920,
      height: 600,
      maximized: true,
    });
  });

  it('ignores a missing or malformed file', () => {
    expect(restoreWindowState(undefined, [laptop], min)).toBeNull();
    expect(restoreWindowState({ x: '1', y: 0, width: 10, height: 10 }, [laptop], min)).toBeNull();
  });
});
