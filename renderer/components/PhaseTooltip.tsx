// Hover/focus tooltip for a phase: exact value, where it came from (log message, timestamp
// difference, derived, manual note) and the per-rank values behind it.
import type { Phase } from '../../shared/model';
import { phaseColor, phaseLabel } from '../../shared/phases';
import { formatSecondsExact } from '../../shared/format';
import { sourceKindLabel } from '../../shared/tables';
import { namesRanks, processLabel } from '../../shared/rank-label';

export interface TooltipTarget {
  phase: Phase;
  snapshotName: string;
  at: { x: number; y: number };
}

export function PhaseTooltip({ target }: { target: TooltipTarget | null }) {
  if (!target) return null;
  const { phase, at } = target;
  const flipX = at.x > window.innerWidth * 0.6;
  const flipY = at.y > window.innerHeight * 0.6;
  const ranks = phase.ranks.slice().sort((a, b) => b.valueS - a.valueS);
  return (
    <div
      className="tooltip"
      role="tooltip"
      style={{
        left: at.x + (flipX ? -14 : 14),
        top: at.y + (flipY ? -14 : 14),
        transform: `translate(${flipX ? '-100%' : '0'}, ${flipY ? '-100%' : '0'})`,
      }}
    >
      <div className="tooltip-title">
        <span className="swatch" style={{ background: phaseColor(phase.id) }} />
        {phaseLabel(phase.id)}
        {target.snapshotName ? <span className="muted">&nbsp;· {target.snapshotName}</span> : null}
      </div>
      <div className="tooltip-value">
        {formatSecondsExact(phase.durationS)}
        <span className="muted"> from {formatSecondsExact(phase.startS)}</span>
      </div>
      <div className="tooltip-source">
        <span className={`source-badge ${phase.source}`}>{sourceKindLabel(phase.source)}</span>
        {phase.source === 'manual' ? <span> manual: {phase.note || phase.detail || 'no note'}</span> : null}
      </div>
      {phase.source !== 'manual' && phase.detail ? (
        <div className="tooltip-detail">{phase.detail}</div>
      ) : null}
      {phase.measuredS != null ? (
        <div className="muted">measured value: {formatSecondsExact(phase.measuredS)}</div>
      ) : null}
      {ranks.length > 0 ? (
        <table className="tooltip-ranks">
          <caption>
            {namesRanks(ranks.map((r) => r.rank)) ? 'Per-rank values' : 'Per-process values'} ({ranks.length})
          </caption>
          <tbody>
            {ranks.slice(0, 12).map((r) => (
              <tr key={`${r.rank}-${r.valueS}-${r.line ?? ''}`}>
                <td>{processLabel(r.rank)}</td>
                <td className="num">{formatSecondsExact(r.valueS)}</td>
                <td className="muted">{r.repeated > 0 ? `+${r.repeated} identical` : ''}</td>
              </tr>
            ))}
            {ranks.length > 12 ? (
              <tr>
                <td colSpan={3} className="muted">
                  … {ranks.length - 12} more
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
      <div className="muted tooltip-hint">Click for the log lines</div>
    </div>
  );
}
