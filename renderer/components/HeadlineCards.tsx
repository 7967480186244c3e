// Headline of a comparison: both totals, the speedup (the contract's number, two decimals), the
// seconds saved and the phases the saving (or loss) came from. When a total includes manual values,
// its card says so and shows the log-only figure beside it.
import type { ReactNode } from 'react';
import type { Comparison } from '../../shared/model';
import { phaseColor } from '../../shared/phases';
import { formatDuration, formatPercent, formatSeconds, formatSpeedup } from '../../shared/format';
import { topSavings } from '../../shared/tables';
import { roundSharesToPercents } from '../model/round-shares';

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

/** "measured 260 s" under a figure that includes manual values (the card's label carries the tag). */
function ManualNote({ measured }: { measured: string }) {
  return (
    <span className="manual-note" data-testid="measured-figure">
      measured {measured}
    </span>
  );
}

/** A card label, tagged when its figure includes manual values. */
function label(text: string, manual: boolean | undefined): ReactNode {
  return manual ? (
    <>
      {text} <span className="manual-tag">incl. manual</span>
    </>
  ) : (
    text
  );
}

export function HeadlineCards({ comparison, stale }: { comparison: Comparison; stale: boolean }) {
  const c = comparison;
  const top = topSavings(c, 4);
  const percents = roundSharesToPercents(top.map((t) => t.share));
  const slower = c.savedS < 0;
  const manual = c.manual === true && c.measuredSpeedup !== undefined;
  const measuredSaved = c.measuredSavedS ?? c.savedS;
  return (
    <div className={`headline${stale ? ' stale' : ''}`} aria-live="polite">
      {[c.baseline, c.candidate].map((side, i) => (
        <Card
          key={i}
          label={label(i === 0 ? 'Baseline total' : 'Candidate total', side.manual)}
          value={formatSeconds(side.totalS)}
          sub={
            side.manual && side.measuredTotalS !== undefined ? (
              <ManualNote measured={formatSeconds(side.measuredTotalS)} />
            ) : (
              <>
                {formatDuration(side.totalS)} · {side.name}
              </>
            )
          }
          subTitle={
            side.manual && side.measuredTotalS !== undefined
              ? `${side.name}: ${formatSeconds(side.totalS)} with manual values, ${formatSeconds(side.measuredTotalS)} from the log alone`
              : side.name
          }
        />
      ))}
      <Card
        className="accent"
        label={label('Speedup', manual)}
        value={formatSpeedup(c.speedup)}
        valueTestId="speedup"
        sub={
          manual ? (
            <ManualNote measured={formatSpeedup(c.measuredSpeedup ?? null)} />
          ) : (
            <>baseline ÷ candidate ({c.ranks} rank)</>
          )
        }
        subTitle={
          manual
            ? `${formatSpeedup(c.speedup)} with manual values; ${formatSpeedup(c.measuredSpeedup ?? null)} from the log alone (baseline ÷ candidate, ${c.ranks} rank)`
            : undefined
        }
      />
      <Card
        label={label(slower ? 'Seconds lost' : 'Seconds saved', manual)}
        value={formatSeconds(Math.abs(c.savedS))}
        sub={
          manual ? (
            <ManualNote
              measured={`${formatSeconds(Math.abs(measuredSaved))}${measuredSaved < 0 !== slower ? (measuredSaved < 0 ? ' lost' : ' saved') : ''}`}
            />
          ) : (
            <>{formatDuration(Math.abs(c.savedS))} per cold start</>
          )
        }
      />
      <div className="card wide">
        <div className="card-label">{slower ? 'Where the loss came from' : 'Where the saving came from'}</div>
        {top.length === 0 ? (
          <div className="card-sub">{c.savedS === 0 ? 'no change in total' : 'no phase changed'}</div>
        ) : (
          <ul className="savings" data-testid="savings">
            {top.map((t, k) => {
              const percent = percents[k] ?? 0;
              // a share against the overall direction: slower in a saving, faster in a loss (not for "0%")
              const against = t.share < 0 && percent !== 0;
              const note = against ? (slower ? 'faster' : 'slower') : null;
              return (
                <li
                  key={t.id}
                  className={against ? 'against' : undefined}
                  title={`${t.label}: ${formatSeconds(Math.abs(t.savedS))} ${t.savedS < 0 ? 'slower' : 'faster'}`}
                >
                  <span
                    className="swatch"
                    style={{ background: t.id === 'other' ? 'var(--muted, #999)' : phaseColor(t.id) }}
                    aria-hidden="true"
                  />
                  <span className="savings-label">
                    {t.label}
                    {note ? <span className="muted"> ({note})</span> : null}
                  </span>
                  <span className="savings-bar" aria-hidden="true">
                    <span
                      style={{
                        width: `${Math.min(100, Math.abs(t.share) * 100).toFixed(1)}%`,
                        background: t.id === 'other' ? 'var(--muted, #999)' : phaseColor(t.id),
                      }}
                    />
                  </span>
                  <span className="num">{formatPercent(percent / 100)}</span>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}
