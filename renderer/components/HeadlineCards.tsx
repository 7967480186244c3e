// Headline of a comparison: both totals, the speedup (the contract's number, two decimals), the
// seconds saved and the phases the saving came from.
import type { ReactNode } from 'react';
import type { Comparison } from '../../shared/model';
import { phaseColor } from '../../shared/phases';
import { formatDuration, formatPercent, formatSeconds, formatSpeedup } from '../../shared/format';
import { topSavings } from '../../shared/tables';

/** One headline card: a label, a big value and a line under it. */
export function Card({
  label,
  value,
  sub,
  subTitle,
  valueTestId,
  className,
}: {
  label: ReactNode;
  value: ReactNode;
  sub: ReactNode;
  subTitle?: string;
  valueTestId?: string;
  className?: string;
}) {
  return (
    <div className={className ? `card ${className}` : 'card'}>
      <div className="card-label">{label}</div>
      <div className="card-value" data-testid={valueTestId}>
        {value}
      </div>
      <div className="card-sub" title={subTitle}>
        {sub}
      </div>
    </div>
  );
}

export function HeadlineCards({ comparison, stale }: { comparison: Comparison; stale: boolean }) {
  const c = comparison;
  const top = topSavings(c, 4);
  const slower = c.savedS < 0;
  return (
    <div className={`headline${stale ? ' stale' : ''}`} aria-live="polite">
      {[c.baseline, c.candidate].map((side, i) => (
        <Card
          key={i}
          label={i === 0 ? 'Baseline total' : 'Candidate total'}
          value={formatSeconds(side.totalS)}
          sub={
            <>
              {formatDuration(side.totalS)} · {side.name}
            </>
          }
          subTitle={side.name}
        />
      ))}
      <Card
        className="accent"
        label="Speedup"
        value={formatSpeedup(c.speedup)}
        valueTestId="speedup"
        sub={<>baseline ÷ candidate ({c.ranks} rank)</>}
      />
      <Card
        label={slower ? 'Seconds lost' : 'Seconds saved'}
        value={formatSeconds(Math.abs(c.savedS))}
        sub={<>{formatDuration(Math.abs(c.savedS))} per cold start</>}
      />
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
