// Headline of a comparison: both totals, the speedup (the contract's number, two decimals), the
// seconds saved and the phases the saving came from.
import type { Comparison } from '../../shared/model';
import { phaseColor } from '../../shared/phases';
import { formatDuration, formatPercent, formatSeconds, formatSpeedup } from '../format';
import { topSavings } from '../model/tables';

export function HeadlineCards({ comparison, stale }: { comparison: Comparison; stale: boolean }) {
  const c = comparison;
  const top = topSavings(c, 4);
  const slower = c.savedS < 0;
  return (
    <div className={`headline${stale ? ' stale' : ''}`} aria-live="polite">
      <div className="card">
        <div className="card-label">Baseline total</div>
        <div className="card-value">{formatSeconds(c.baseline.totalS)}</div>
        <div className="card-sub" title={c.baseline.name}>
          {formatDuration(c.baseline.totalS)} · {c.baseline.name}
        </div>
      </div>
      <div className="card">
        <div className="card-label">Candidate total</div>
        <div className="card-value">{formatSeconds(c.candidate.totalS)}</div>
        <div className="card-sub" title={c.candidate.name}>
          {formatDuration(c.candidate.totalS)} · {c.candidate.name}
        </div>
      </div>
      <div className="card accent">
        <div className="card-label">Speedup</div>
        <div className="card-value" data-testid="speedup">
          {formatSpeedup(c.speedup)}
        </div>
        <div className="card-sub">baseline ÷ candidate ({c.ranks} rank)</div>
      </div>
      <div className="card">
        <div className="card-label">{slower ? 'Seconds lost' : 'Seconds saved'}</div>
        <div className="card-value">{formatSeconds(Math.abs(c.savedS))}</div>
        <div className="card-sub">{formatDuration(Math.abs(c.savedS))} per cold start</div>
      </div>
      <div className="card wide">
        <div className="card-label">Where the saving came from</div>
        {top.length === 0 ? (
          <div className="card-sub">no phase got faster</div>
        ) : (
          <ul className="savings">
            {top.map((t) => (
              <li key={t.id}>
                <span className="swatch" style={{ background: phaseColor(t.id) }} aria-hidden="true" />
                <span className="savings-label">{t.label}</span>
                <span className="savings-bar" aria-hidden="true">
                  <span
                    style={{
                      width: `${Math.min(100, t.share * 100).toFixed(1)}%`,
                      background: phaseColor(t.id),
                    }}
                  />
                </span>
                <span className="num">{formatPercent(t.share)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
