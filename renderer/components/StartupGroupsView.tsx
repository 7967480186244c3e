// The N-way start-up comparison (three or more start-up snapshots): the figures' grouped stacked bars by
// model (the published all_models_comparison.png's form), a baseline picker per model group, the
// totals/speedups table (shared row model: Copy/Save CSV) and the chart's Export… menu drawing the same
// figure headlessly with the same baselines. Grouping and speedups come from shared/startup-groups.
import { useMemo, useState } from 'react';
import type { RankMode } from '../../shared/model';
import {
  groupStartups,
  groupedStartupTable,
  orderStartups,
  type GroupOrder,
} from '../../shared/startup-groups';
import { formatSeconds, formatSpeedup } from '../../shared/format';
import { BarsFigure } from '../../figures/BarsFigure';
import { figureLabels, type StartupInput } from '../../figures/spec';
import type { Client } from '../api/client';
import { useWidth } from '../charts/use-width';
import { useFigureTheme } from '../theme';
import { ChartFrame } from './ChartFrame';
import { RanksSelect } from './RanksSelect';
import { CompareWithButton } from './CompareWithButton';
import { DataTable } from './DataTable';
import { FiguresPanel } from './FiguresPanel';
import { Segmented } from './Segmented';
import { useResource } from './use-resource';
import { ViewSkeleton } from './ViewSkeleton';

export interface StartupGroupsViewProps {
  client: Client;
  /** Start-up snapshots in selection order. */
  ids: readonly number[];
  ranks: RankMode;
  version: number;
  picking: boolean;
  onRanks(r: RankMode): void;
  onCompareWith(): void;
  onRemove(id: number): void;
}

export function StartupGroupsView(props: StartupGroupsViewProps) {
  const { client, ids, ranks, version } = props;
  const data = useResource(`${ids.join(',')}:${ranks}:${version}`, () =>
    Promise.all(ids.map((id) => client.api.getSnapshot({ snapshot: id, ranks }))),
  );
  // chosen baselines by model group key; groups without a choice use the default
  const [chosen, setChosen] = useState<Readonly<Record<string, string>>>({});
  const [order, setOrder] = useState<GroupOrder>('slowest-first');
  const [bodyRef, width] = useWidth<HTMLDivElement>(900);
  const theme = useFigureTheme();

  const details = useMemo(() => data.data ?? [], [data.data]);
  // short labels (the label attribute, else what differs between the compared names); full names in tooltips
  const inputs: (StartupInput & { id: number })[] = useMemo(() => {
    const labels = figureLabels(details);
    return orderStartups(
      details.map((d, i) => ({
        id: d.id,
        label: labels[i] ?? d.name,
        name: d.name,
        model: d.model,
        modelKey: d.modelKey,
        totalS: d.totalS,
        phases: d.phases,
      })),
      order,
    );
  }, [details, order]);
  const baselines = useMemo(() => Object.values(chosen), [chosen]);
  const groups = useMemo(() => groupStartups(inputs, baselines), [inputs, baselines]);
  const table = useMemo(() => groupedStartupTable(groups), [groups]);

  if (data.error && details.length === 0)
    return <p className="error">Could not load the snapshots: {data.error}</p>;
  if (details.length === 0) return <ViewSkeleton heights={[56, 480, 240]} />;
  const serving = details.filter((d) => d.kind !== 'startup');
  if (serving.length > 0)
    return (
      <p className="error">
        {serving.map((d) => d.name).join(', ')}: serving snapshots cannot join a start-up comparison.
      </p>
    );

  const baselineIds = groups
    .filter((g) => g.members.length > 1)
    .map((g) => inputs.find((i) => i.name === g.baseline.name)?.id)
    .filter((id): id is number => id != null);
  const stale = data.loading;
  return (
    <div
      className={`startup-view startup-groups-view${stale ? ' is-loading' : ''}`}
      aria-busy={stale}
      data-testid="startup-groups-view"
    >
      <header className="view-header">
        <div>
          <h1 tabIndex={-1} id="startup-groups-title">
            {details.length} start-ups of {groups.length} model{groups.length === 1 ? '' : 's'}
          </h1>
          <p className="muted">
            {groups.map((g) => `${g.label} (${g.members.length})`).join(' · ')} · ranks: {ranks}
          </p>
        </div>
        <div className="toolbar" role="toolbar" aria-label="View options">
          <RanksSelect value={ranks} onChange={props.onRanks} />
          <CompareWithButton
            picking={props.picking}
            onClick={props.onCompareWith}
            label="Add to comparison…"
          />
        </div>
      </header>

      <section className="group-baselines" aria-label="Baselines" data-testid="group-baselines">
        {groups.map((g) => {
          const best = g.members.reduce<(typeof g.members)[number] | null>(
            (a, m) => (!m.isBaseline && (a == null || (m.speedup ?? 0) > (a.speedup ?? 0)) ? m : a),
            null,
          );
          return (
            <div key={g.key} className="group-baseline card" data-group={g.label}>
              <div className="card-label">{g.label}</div>
              {g.members.length > 1 ? (
                <label className="inline">
                  Baseline
                  <select
                    aria-label={`Baseline of ${g.label}`}
                    data-testid="baseline-select"
                    value={g.baseline.name}
                    title={g.baseline.name}
                    onChange={(e) => setChosen({ ...chosen, [g.key]: e.target.value })}
                  >
                    {g.members.map((m) => (
                      <option key={m.item.name} value={m.item.name} title={m.item.name}>
                        {m.item.label}
                      </option>
                    ))}
                  </select>
                </label>
              ) : (
                <span className="muted">one snapshot: nothing to compare with</span>
              )}
              {best && best.speedup != null ? (
                <p className="group-best">
                  <strong>{formatSpeedup(best.speedup)}</strong>{' '}
                  <span className="muted">
                    <span title={best.item.name}>{best.item.label}</span> ({formatSeconds(best.item.totalS)})
                    vs <span title={g.baseline.name}>{g.baseline.label}</span> (
                    {formatSeconds(g.baseline.totalS)})
                  </span>
                </p>
              ) : null}
            </div>
          );
        })}
      </section>

      <ChartFrame
        title="Start-up time by phase, grouped by model"
        client={client}
        actions={
          <Segmented
            label="Bar order"
            value={order}
            onChange={setOrder}
            options={[
              { value: 'slowest-first', label: 'Slowest first', testId: 'order-slowest' },
              { value: 'selection', label: 'Selection order', testId: 'order-selection' },
            ]}
          />
        }
        figures={[
          {
            label: 'Grouped stacked bars',
            request: { snapshots: inputs.map((i) => i.id), figure: 'bars', ranks, baselines: baselineIds },
          },
        ]}
      >
        <div ref={bodyRef} className="chart-measure" data-testid="grouped-bars">
          <BarsFigure snapshots={inputs} baselines={baselines} width={Math.max(480, width)} theme={theme} />
        </div>
      </ChartFrame>

      <DataTable
        columns={table.columns}
        rows={table.rows}
        testId="groups-table"
        caption="Totals and speedups against each model’s baseline"
        filename={`${details.length}-startups-speedups`}
        json={() => ({
          ranks,
          groups: groups.map((g) => ({
            model: g.label,
            baseline: g.baseline.name,
            members: g.members.map((m) => ({
              name: m.item.name,
              totalS: m.item.totalS,
              speedup: m.speedup,
              savedS: m.savedS,
            })),
          })),
        })}
      />

      <section className="table-frame" aria-label="Selected snapshots">
        <header className="chart-frame-header">
          <h2>Selected snapshots</h2>
          <span className="muted">ctrl/⌘-click a row in the library to add or remove one</span>
        </header>
        <ul className="selection-list">
          {inputs.map((i) => (
            <li key={i.id}>
              <span title={i.name}>{i.label}</span>{' '}
              <span className="muted">
                {i.model ?? 'unknown model'} · {formatSeconds(i.totalS)}
              </span>{' '}
              <button
                type="button"
                className="button small"
                aria-label={`Remove ${i.name} from the comparison`}
                onClick={() => props.onRemove(i.id)}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      </section>

      <FiguresPanel client={client} snapshotIds={ids} version={version} />
    </div>
  );
}
