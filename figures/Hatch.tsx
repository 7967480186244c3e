// SVG hatch patterns for manual values: one pattern per phase colour, ids scoped to one chart.
// Manual bars keep their phase colour with diagonal stripes, so colour still identifies the phase.
/** A rectangle in a phase's colour (a waterfall bar, a stacked-bar segment); hatched when manual. */
export interface PhaseRect {
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  hatched: boolean;
}

export function hatchId(chartId: string, fill: string): string {
  return `${chartId}-hatch-${fill.replace(/[^A-Za-z0-9]/g, '')}`;
}

export function HatchDefs({ chartId, fills }: { chartId: string; fills: readonly string[] }) {
  return (
    <>
      {[...new Set(fills)].map((fill) => (
        <pattern
          key={fill}
          id={hatchId(chartId, fill)}
          patternUnits="userSpaceOnUse"
          width={6}
          height={6}
          patternTransform="rotate(45)"
        >
          <rect width={6} height={6} fill={fill} fillOpacity={0.45} />
          <line x1={0} y1={0} x2={0} y2={6} stroke={fill} strokeWidth={3} />
        </pattern>
      ))}
    </>
  );
}

/** Fill and stroke of a phase rectangle: its colour, or its colour's hatch outlined in the colour. */
export function phasePaint(chartId: string, r: PhaseRect): { fill: string; stroke: string } {
  return r.hatched
    ? { fill: `url(#${hatchId(chartId, r.fill)})`, stroke: r.fill }
    : { fill: r.fill, stroke: 'none' };
}
