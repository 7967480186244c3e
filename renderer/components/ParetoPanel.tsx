// The serving comparison's Pareto tab: the figures' Pareto figure (output throughput per GPU against
// interactivity or median TTFT, one frontier per snapshot), each candidate's advantage over A at a matched
// x stated in words (shared/pareto-summary), and a clear message, with a way to the Attributes form, for
// a snapshot without the `gpus` attribute (its values are then totals: 1 GPU assumed).
import { useMemo, useState } from 'react';
import { ParetoFigure } from '../../figures/ServingFigures';
import { letter, type ServingInput } from '../../figures/spec';
import { formatTick } from '../../shared/format';
import { matchedAdvantage, paretoPoints, type ParetoX } from '../../shared/pareto';
import {
  advantageAt,
  advantageRangeSentence,
  advantageSentence,
  defaultMatchX,
  matchedXText,
  totalFrontier,
} from '../../shared/pareto-summary';
import type { Client } from '../api/client';
import { useWidth } from '../charts/use-width';
import { useFigureTheme } from '../theme';
import { ChartFrame } from './ChartFrame';
import { Segmented } from './Segmented';

export interface ParetoPanelProps {
  client: Client;
  /** Baseline first. */
  snapshots: readonly (ServingInput & { id: number })[];
}

/** Scrolls to a snapshot's Attributes form and focuses its key field. */
function goToAttributes(name: string): void {
  const panel = Array.from(document.querySelectorAll<HTMLElement>('[data-testid=attributes-panel]')).find(
    (el) => el.dataset['snapshot'] === name,
  );
  if (!panel) return;
  panel.closest('details')?.setAttribute('open', '');
  panel.scrollIntoView({ block: 'center' });
  panel.querySelector<HTMLInputElement>('[data-testid=attribute-key]')?.focus({ preventScroll: true });
}

export function ParetoPanel({ client, snapshots }: ParetoPanelProps) {
  const [kind, setKind] = useState<ParetoX>('interactivity');
  const [target, setTarget] = useState<string>('');
  const [measureRef, width] = useWidth<HTMLDivElement>(900);
  const theme = useFigureTheme();

  const sets = useMemo(() => snapshots.map((s) => paretoPoints(s, kind)), [snapshots, kind]);
  const base = sets[0];
  // per candidate: both frontiers per GPU, or in totals when either side's GPU count is unknown
  const pairs = useMemo(
    () =>
      sets.slice(1).map((cand) => {
        if (!base) return null;
        const perGpu = !base.assumedGpus && !cand.assumedGpus;
        const b = perGpu ? base.frontier : totalFrontier(base.frontier, base.gpus);
        const c = perGpu ? cand.frontier : totalFrontier(cand.frontier, cand.gpus);
        return { perGpu, b, c, advantage: matchedAdvantage(b, c) };
      }),
    [sets, base],
  );
  const advantages = pairs.map((p) => p?.advantage ?? null);
  const firstAdvantage = advantages.find((a) => a != null) ?? null;
  const fallbackX = firstAdvantage ? defaultMatchX(firstAdvantage) : null;
  const typed = Number(target);
  const matchX = target.trim() !== '' && Number.isFinite(typed) && typed > 0 ? typed : fallbackX;
  const missing = snapshots.flatMap((s, i) => (sets[i]?.assumedGpus ? [{ s, i }] : []));
  const unit = kind === 'interactivity' ? 'tok/s/user' : 'ms';
  const name = (i: number): string => `${letter(i)} · ${snapshots[i]?.label ?? ''}`;

  return (
    <ChartFrame
      title={`Pareto: throughput per GPU vs ${kind === 'interactivity' ? 'interactivity' : 'median TTFT'}`}
      client={client}
      figures={[
        {
          label: `Pareto (per GPU vs ${kind === 'interactivity' ? 'interactivity' : 'TTFT'})`,
          request: { snapshots: snapshots.map((s) => s.id), figure: 'pareto', x: kind },
        },
      ]}
      actions={
        <Segmented
          label="Pareto x axis"
          value={kind}
          onChange={(k) => {
            setKind(k);
            setTarget('');
          }}
          options={[
            { value: 'interactivity', label: 'Interactivity', testId: 'pareto-x-interactivity' },
            { value: 'ttft', label: 'Median TTFT', testId: 'pareto-x-ttft' },
          ]}
        />
      }
    >
      <div data-testid="pareto-panel">
        {missing.length > 0 ? (
          <div className="warning" role="alert" data-testid="pareto-missing-gpus">
            {missing.map(({ s, i }) => (
              <p key={s.id}>
                <strong>{name(i)}</strong> has no <code>gpus</code> attribute: its throughput per GPU is
                unknown, so 1 GPU is assumed and its values are totals.{' '}
                <button type="button" className="link-button" onClick={() => goToAttributes(s.name)}>
                  Set gpus under Attributes
                </button>
              </p>
            ))}
          </div>
        ) : null}
        {snapshots.length > 1 ? (
          <div className="pareto-words" data-testid="pareto-advantage">
            <label className="inline">
              Matched at
              <input
                type="number"
                min={0}
                step="any"
                className="pareto-target"
                data-testid="pareto-target"
                aria-label={`Matched ${kind === 'interactivity' ? 'interactivity' : 'median TTFT'} (${unit})`}
                placeholder={fallbackX != null ? formatTick(fallbackX) : ''}
                value={target}
                onChange={(e) => setTarget(e.target.value)}
              />
              {unit}
            </label>
            <ul>
              {advantages.map((a, k) => {
                const i = k + 1;
                const pair = pairs[k];
                if (!a || !pair)
                  return (
                    <li key={i} data-testid="pareto-sentence">
                      {name(i)} and {name(0)}: the frontiers do not overlap in{' '}
                      {kind === 'interactivity' ? 'interactivity' : 'median TTFT'}, so there is no matched
                      comparison.
                    </li>
                  );
                const perGpu = pair.perGpu;
                const point = matchX != null ? advantageAt(pair.b, pair.c, matchX) : null;
                return (
                  <li key={i} data-testid="pareto-sentence" data-ratio={point?.ratio}>
                    {point ? (
                      <strong>
                        {advantageSentence({ candidate: name(i), baseline: name(0), kind, point, perGpu })}
                      </strong>
                    ) : (
                      <strong>
                        At {matchX != null ? matchedXText(kind, matchX) : '—'}, {name(i)} and {name(0)} cannot
                        be matched: both frontiers reach only {formatTick(a.range[0])}–
                        {matchedXText(kind, a.range[1])}.
                      </strong>
                    )}{' '}
                    <span className="muted">
                      {advantageRangeSentence(a, kind, `${letter(i)}/${letter(0)}`)}
                    </span>
                  </li>
                );
              })}
            </ul>
          </div>
        ) : (
          <p className="muted">Add a second snapshot to compare frontiers at matched interactivity.</p>
        )}
        <div ref={measureRef} className="chart-measure">
          <ParetoFigure snapshots={snapshots} x={kind} width={Math.max(480, width)} theme={theme} />
        </div>
      </div>
    </ChartFrame>
  );
}
