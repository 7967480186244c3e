// Measures an element's content width with ResizeObserver so charts lay out to the space they have.
// Uses a callback ref, so it also works for elements that mount after a loading skeleton; returns a
// stable fallback width until the first measurement (and in environments without layout).
import { useLayoutEffect, useState } from 'react';

export function useWidth<T extends HTMLElement>(fallback = 900): [(el: T | null) => void, number] {
  const [element, setElement] = useState<T | null>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    if (!element || typeof ResizeObserver === 'undefined') return;
    // The first notification arrives in the same frame, before paint, so the chart does not jump.
    const ro = new ResizeObserver((entries) => {
      for (const e of entries) if (e.contentRect.width > 0) setWidth(Math.floor(e.contentRect.width));
    });
    ro.observe(element);
    return () => ro.disconnect();
  }, [element]);
  return [setElement, width];
}
