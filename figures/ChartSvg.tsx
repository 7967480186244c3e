// The outer <svg> every chart draws into: class "chart …", a test id, size
// and matching viewBox, an accessible name repeated as <title>, and the shared font. Charts pass their
// marks as children and any data-* attributes they expose to tests.
import type { ReactNode } from 'react';

export const CHART_FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";

export interface ChartSvgProps {
  /** Added after "chart" in the class list. */
  kind: string;
  testId: string;
  /** The marks' pixel size (their width and height). */
  size: { width: number; height: number };
  title: string;
  /** "group" when the chart holds focusable marks of its own. */
  role?: 'img' | 'group';
  data?: Readonly<Record<`data-${string}`, string>>;
  children: ReactNode;
}

export function ChartSvg({ kind, testId, size, title, role = 'img', data, children }: ChartSvgProps) {
  const { width, height } = size;
  return (
    <svg
      className={`chart ${kind}`}
      data-testid={testId}
      {...data}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role={role}
      aria-label={title}
      fontFamily={CHART_FONT}
      fontSize={12}
    >
      <title>{title}</title>
      {children}
    </svg>
  );
}
