// Hover/focus tooltip for a serving point: the snapshot, x, value (mean and min–max over repeats) and
// every file behind it with its value, completed and failed requests ("derived" when the file had no
// `failed` key) and any flag such as "NaN in the file".
import { formatMetric, formatRatio } from '../../shared/format';
import { flagText } from '../../shared/serving';
import type { CurveMarker } from '../../figures/curves-layout';
import type { RatioMarker } from '../../figures/ratio-layout';

export type ServingTooltipTarget =
  | { kind: 'curve'; marker: CurveMarker; xText: string; unit: string; at: { x: number; y: number } }
  | { kind: 'ratio'; marker: RatioMarker; xText: string; at: { x: number; y: number } };

export function ServingTooltip({ target }: { target: ServingTooltipTarget | null }) {
  if (!target) return null;
  const { at } = target;
  const flipX = at.x > window.innerWidth * 0.6;
  const flipY = at.y > window.innerHeight * 0.6;
  const style = {
    left: at.x + (flipX ? -14 : 14),
    top: at.y + (flipY ? -14 : 14),
    transform: `translate(${flipX ? '-100%' : '0'}, ${flipY ? '-100%' : '0'})`,
  };
  if (target.kind === 'ratio') {
    const m = target.marker;
    return (
      <div className="tooltip" role="tooltip" style={style} data-testid="serving-tooltip">
        <div className="tooltip-title">
          <span className="swatch" style={{ background: m.color }} />
          {m.seriesName} / baseline
        </div>
        <div className="tooltip-value">{formatRatio(m.point.ratio)}</div>
        <div className="muted">
          {target.xText}: {m.point.x}
        </div>
      </div>
    );
  }
  const m = target.marker;
  const p = m.point;
  return (
    <div className="tooltip" role="tooltip" style={style} data-testid="serving-tooltip">
      <div className="tooltip-title">
        <span className="swatch" style={{ background: m.color }} />
        {m.seriesName}
        <span className="muted">&nbsp;· {m.lineLabel}</span>
      </div>
      <div className="muted">
        {target.xText}: {p.x}
      </div>
      <div className="tooltip-value">
        {p.y != null ? `${formatMetric(p.y)} ${target.unit}` : 'no finite value'}
        {p.n > 1 && p.yMin != null && p.yMax != null ? (
          <span className="muted">
            {' '}
            mean of {p.n}, {formatMetric(p.yMin)}–{formatMetric(p.yMax)}
          </span>
        ) : null}
      </div>
      {m.note ? <div className="tooltip-flag">⚠ {m.note}</div> : null}
      <table className="tooltip-ranks">
        <caption>{p.sources.length === 1 ? 'File' : 'Files'}</caption>
        <tbody>
          {p.sources.map((s) => (
            <tr key={s.file}>
              <td>
                <code>{s.file}</code>
              </td>
              <td className="num">{s.value != null ? formatMetric(s.value) : (s.flag ?? '—')}</td>
              <td className="muted">
                {s.completed ?? '?'} completed, {s.failed ?? '?'} failed{s.failedDerived ? ' (derived)' : ''}
                {s.flag && s.value != null ? ` · ${flagText(s.flag)}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
