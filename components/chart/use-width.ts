"use client";

import { startTransition, useCallback, useState } from "react";

/**
 * A ref for the chart's box and the box's width, null until measured. The ref is a
 * callback, so a box that comes and goes (table view, a range with no data) is measured
 * each time it is there. The chart redraws in a transition: React draws it in slices that
 * leave the main thread free for input.
 */
export function useWidth(): [
  (el: HTMLDivElement | null) => (() => void) | undefined,
  number | null,
] {
  const [width, setWidth] = useState<number | null>(null);
  const ref = useCallback((el: HTMLDivElement | null) => {
    if (!el) return undefined;
    const observer = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (w > 0) startTransition(() => setWidth(w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
