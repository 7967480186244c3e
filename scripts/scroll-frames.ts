// Frame times while the library list scrolls (issue 10: 3, "scrolling stays at 60 fps"): inside the
// page, a requestAnimationFrame loop scrolls the list a step per frame (a wheel event, then the
// scroll) for a while and records each frame's interval and the long animation frames Chromium
// reports. Figures only: used by the bench and reported by the 100k e2e test, never asserted on time.
import type { Page } from '@playwright/test';

export interface ScrollFrames {
  frames: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Frames over 50 ms (PerformanceObserver long-animation-frame; null where not supported). */
  longFrames: number | null;
  /** How far the list moved (px): it scrolled, not stalled at an end. */
  scrolledPx: number;
}

interface Raw {
  deltas: number[];
  scrolledPx: number;
  longFrames: number | null;
}

/** Scrolls the element matching `selector` by `stepPx` per frame for `durationMs`. */
export async function measureScroll(
  page: Page,
  selector: string,
  durationMs = 2000,
  stepPx = 40,
): Promise<ScrollFrames> {
  // a string: the node tsconfig has no DOM types
  const raw = (await page.evaluate(`(async () => {
    const el = document.querySelector(${JSON.stringify(selector)});
    if (!el) throw new Error('no element matches ${selector.replace(/'/g, '')}');
    let longFrames = null;
    let observer = null;
    if ((PerformanceObserver.supportedEntryTypes || []).includes('long-animation-frame')) {
      longFrames = 0;
      observer = new PerformanceObserver((list) => { longFrames += list.getEntries().length; });
      observer.observe({ type: 'long-animation-frame' });
    }
    const from = el.scrollTop;
    const deltas = [];
    await new Promise((done) => {
      let start = null;
      let last = null;
      const step = (now) => {
        if (start === null) start = now;
        if (last !== null) deltas.push(now - last);
        last = now;
        el.dispatchEvent(new WheelEvent('wheel', { deltaY: ${stepPx}, bubbles: true, cancelable: true }));
        el.scrollTop += ${stepPx};
        if (now - start < ${durationMs}) requestAnimationFrame(step);
        else done();
      };
      requestAnimationFrame(step);
    });
    // entries are delivered after the frames they describe
    await new Promise((r) => setTimeout(r, 100));
    observer?.disconnect();
    return { deltas, scrolledPx: el.scrollTop - from, longFrames };
  })()`)) as Raw;
  const sorted = [...raw.deltas].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    frames: sorted.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    maxMs: sorted.at(-1) ?? 0,
    longFrames: raw.longFrames,
    scrolledPx: raw.scrolledPx,
  };
}

/** "p95 17.1 ms (p50 16.7, max 33.4; 118 frames, 0 long; 4,720 px)". */
export function describeScroll(f: ScrollFrames): string {
  return (
    `p95 ${f.p95Ms.toFixed(1)} ms (p50 ${f.p50Ms.toFixed(1)}, max ${f.maxMs.toFixed(1)}; ${f.frames} frames, ` +
    `${f.longFrames === null ? 'long frames not reported' : `${f.longFrames} long`}; ${Math.round(f.scrolledPx).toLocaleString('en')} px)`
  );
}
