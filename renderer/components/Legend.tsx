// Legend for the startup charts: every phase shown (colours from shared/phases.ts), plus the
// encodings for manual values (hatched) and the rank spread (whisker).
import { phaseColor, phaseLabel } from '../../shared/phases';
import { orderPhases } from '../../shared/phase-order';

export function Legend({ phases }: { phases: { id: string; parent: string | null }[] }) {
  const unique = [...new Map(phases.map((p) => [p.id, p])).values()];
  return (
    <ul className="legend" aria-label="Legend">
      {orderPhases(unique).map((p) => (
        <li key={p.id} className={p.parent ? 'child' : undefined}>
          <span className="swatch" style={{ background: phaseColor(p.id) }} aria-hidden="true" />
          {phaseLabel(p.id)}
        </li>
      ))}
      <li>
        <span className="swatch hatched" aria-hidden="true" />
        manual value
      </li>
      <li>
        <svg width={22} height={10} aria-hidden="true" className="whisker-sample">
          <line x1={2} x2={20} y1={5} y2={5} />
          <line x1={2} x2={2} y1={1} y2={9} />
          <line x1={20} x2={20} y1={1} y2={9} />
        </svg>
        spread across ranks
      </li>
    </ul>
  );
}
