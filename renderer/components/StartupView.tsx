// The main view for one startup snapshot or a comparison of two: headline, waterfalls on one shared
// time axis (or stacked bars), legend, log lines behind a value, phase table, metadata diff and
// manual values. Previous data stays on screen (dimmed) while the next selection loads.
import { useCallback, useMemo, useState } from 'react';
import type { RankMode, SnapshotDetail } from '../../shared/model';
import type { Client } from '../api/client';
import { layoutStackedBars, DEFAULT_STACKED_SIZE } from '../../figures/bars-layout';
import { StackedBars } from '../../figures/StackedBars';
import { sharedDomain } from '../../figures/time-axis';
import { useWidth } from '../charts/use-width';
import { DEFAULT_WATERFALL_SIZE, layoutWaterfalls } from '../../figures/waterfall-layout';
import { Waterfall } from '../../figures/Waterfall';
import { formatDuration, formatSeconds } from '../../shared/format';
import { comparisonTable, phaseTable } from '../../shared/tables';
import { startupTrace } from '../../shared/trace';
import { downloadBlob, safeFilename } from '../download';
import { AttributesPanel } from './AttributesPanel';
import { ChartFrame } from './ChartFrame';
import { RanksSelect } from './RanksSelect';
import { CompareWithButton } from './CompareWithButton';
import { DataTable } from './DataTable';
import { ExportReportButton } from './ExportReportButton';
import { FiguresPanel } from './FiguresPanel';
import { Card, HeadlineCards } from './HeadlineCards';
import { SnapshotActions, type DeletedSnapshot } from './SnapshotActions';
import { displayLabel, shortLabels } from '../../shared/short-label';
import { Legend } from './Legend';
import { ManualValues } from './ManualValues';
import { MetaDiff } from './MetaDiff';
import { PhaseEventsPanel, type PhaseEventsTarget } from './PhaseEventsPanel';
import { PhaseTooltip, type TooltipTarget } from './PhaseTooltip';
import { Segmented, type SegmentedOption } from './Segmented';
import { useResource } from './use-resource';
import { useFigureTheme } from '../theme';
import { ViewSkeleton } from './ViewSkeleton';
import { startupStatusNote, startupTotalLabel } from '../model/startup-status';

export interface StartupViewProps {
  client: Client;
  baselineId: number;
  candidateId: number | null;
  ranks: RankMode;
  version: number;
  onRanks(r: RankMode): void;
  onSwap(): void;
  onCompareWith(): void;
  onClearCandidate(): void;
  onChanged(): void;
  /** After a delete from the header: the app offers Undo (re-import by path). */
  onDeleted?(deleted: DeletedSnapshot): void;
  picking: boolean;
}

type ChartMode = 'waterfall' | 'stacked';
const CHART_MODES: readonly SegmentedOption<ChartMode>[] = [
  { value: 'waterfall', label: 'Waterfall', testId: 'waterfall-toggle' },
  { value: 'stacked', label: 'Stacked bars', testId: 'stacked-toggle' },
];

export function StartupView(props: StartupViewProps) {
  const { client, baselineId, candidateId, ranks, version } = props;
  const baseline = useResource(`${baselineId}:${ranks}:${version}`, () =>
    client.api.getSnapshot({ snapshot: baselineId, ranks }),
  );
  const candidate = useResource(candidateId != null ? `${candidateId}:${ranks}:${version}` : null, () =>
    client.api.getSnapshot({ snapshot: candidateId ?? 0, ranks }),
  );
  const startupPair = baseline.data?.kind !== 'serving' && candidate.data?.kind !== 'serving';
  const comparison = useResource(
    candidateId != null && startupPair ? `${baselineId}:${candidateId}:${ranks}:${version}` : null,
    () => client.api.compare({ baseline: baselineId, candidate: candidateId ?? 0, ranks }),
  );
  const cmp = comparison.data?.kind === 'startup' ? comparison.data : null;

  const [mode, setMode] = useState<ChartMode>('waterfall');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [tooltip, setTooltip] = useState<TooltipTarget | null>(null);
  const [events, setEvents] = useState<PhaseEventsTarget | null>(null);
  const [bodyRef, width] = useWidth<HTMLDivElement>(900);
  const figureTheme = useFigureTheme();

  const b = baseline.data;
  const c = candidateId != null ? candidate.data : null;
  const toggle = useCallback(
    (id: string) =>
      setCollapsed((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );

  const size = useMemo(
    () => ({
      ...DEFAULT_WATERFALL_SIZE,
      width: Math.max(480, width),
      labelWidth: Math.min(220, Math.max(150, Math.round(width * 0.22))),
      axisHeight: 48,
    }),
    [width],
  );
  const pair = useMemo(() => {
    if (!b) return null;
    const domain = sharedDomain(c ? [b, c] : [b]);
    return layoutWaterfalls(b.phases, c ? c.phases : null, domain, size, collapsed);
  }, [b, c, size, collapsed]);
  const stacked = useMemo(() => {
    if (!b) return null;
    const bars = [{ key: `b${b.id}`, name: b.name, phases: b.phases }];
    if (c) bars.push({ key: `c${c.id}`, name: c.name, phases: c.phases });
    return layoutStackedBars(bars, {
      ...DEFAULT_STACKED_SIZE,
      width: size.width,
      labelWidth: size.labelWidth,
      axisHeight: 28,
    });
  }, [b, c, size]);

  if (baseline.error && !b) return <p className="error">Could not load the snapshot: {baseline.error}</p>;
  if (!b) return <ViewSkeleton heights={[56, 118, 420, 240]} />;

  if (b.kind === 'serving' || c?.kind === 'serving') {
    return (
      <ServingNote
        baseline={b}
        candidate={c}
        onClearCandidate={props.onClearCandidate}
        comparing={candidateId != null}
      />
    );
  }

  const stale = baseline.loading || candidate.loading || comparison.loading;
  const status = startupStatusNote(b.meta);
  const activate = (d: SnapshotDetail) => (row: { phase: { id: string; lines: number[] } }) =>
    setEvents({ snapshotId: d.id, snapshotName: d.name, phaseId: row.phase.id, lines: row.phase.lines });
  const hover =
    (d: SnapshotDetail) =>
    (row: { phase: SnapshotDetail['phases'][number] } | null, at: { x: number; y: number } | null) =>
      setTooltip(row && at ? { phase: row.phase, snapshotName: d.name, at } : null);

  const title = c ? `${b.name} vs ${c.name}` : b.name;
  // in the header: the label attribute, else what differs between the two names (full names in tooltips)
  const [shortB = b.name, shortC = c?.name ?? ''] = shortLabels(c ? [b.name, c.name] : [b.name]);
  const labelB = displayLabel(b.attributes, shortB);
  const labelC = c ? displayLabel(c.attributes, shortC) : '';
  const phaseModel = c ? (cmp ? comparisonTable(cmp, { baseline: b, candidate: c }) : null) : phaseTable(b);
  const exportTrace = (): void => {
    const trace = startupTrace(c ? [b, c] : [b], { generator: 'BenchLens', ranks });
    downloadBlob(
      new Blob([`${JSON.stringify(trace)}\n`], { type: 'application/json;charset=utf-8' }),
      `${safeFilename(`${title}-trace`)}.json`,
    );
  };
  return (
    <div className={`startup-view${stale ? ' is-loading' : ''}`} aria-busy={stale}>
      <header className="view-header">
        <div>
          <h1>
            {c ? (
              <>
                <span className="role-badge baseline">A</span> <span title={b.name}>{labelB}</span>{' '}
                <span className="muted">vs</span> <span className="role-badge candidate">B</span>{' '}
                <span title={c.name}>{labelC}</span>
              </>
            ) : (
              b.name
            )}
          </h1>
          <p className="muted">
            {b.model ?? 'unknown model'}
            {c && c.model !== b.model ? ` vs ${c.model ?? 'unknown model'}` : ''} · ranks: {ranks}
          </p>
        </div>
        <div className="toolbar" role="toolbar" aria-label="View options">
          <RanksSelect value={ranks} onChange={props.onRanks} />
          <Segmented label="Chart type" value={mode} onChange={setMode} options={CHART_MODES} />
          <button
            type="button"
            className="button"
            onClick={exportTrace}
            data-testid="export-trace"
            title="Chrome Trace Event JSON: open it in ui.perfetto.dev or chrome://tracing"
          >
            Export trace…
          </button>
          <ExportReportButton client={client} request={{ snapshots: c ? [b.id, c.id] : [b.id], ranks }} />
          {c ? (
            <>
              <button type="button" className="button" onClick={props.onSwap} data-testid="swap">
                ⇅ Swap
              </button>
              <button type="button" className="button" onClick={props.onClearCandidate}>
                Show baseline alone
              </button>
              <CompareWithButton
                picking={props.picking}
                onClick={props.onCompareWith}
                label="Add to comparison…"
              />
            </>
          ) : (
            <>
              <CompareWithButton picking={props.picking} onClick={props.onCompareWith} />
              <SnapshotActions
                client={props.client}
                snapshot={b}
                onChanged={props.onChanged}
                {...(props.onDeleted ? { onDeleted: props.onDeleted } : {})}
              />
            </>
          )}
        </div>
      </header>

      {c ? (
        cmp ? (
          <HeadlineCards comparison={cmp} stale={comparison.loading} />
        ) : comparison.error ? (
          <p className="error">Could not compare: {comparison.error}</p>
        ) : (
          <div className="headline skeleton-block" style={{ height: 118 }} aria-hidden="true" />
        )
      ) : (
        <>
          {status ? (
            <p className="warning" role="status" data-testid="startup-status" data-status={status.status}>
              {status.text}
            </p>
          ) : null}
          <div className="headline">
            <Card
              label={
                b.manualCount ? (
                  <>
                    {startupTotalLabel(b.meta)} <span className="manual-tag">incl. manual</span>
                  </>
                ) : (
                  startupTotalLabel(b.meta)
                )
              }
              value={formatSeconds(b.totalS)}
              sub={
                b.manualCount && b.measuredTotalS != null ? (
                  <span data-testid="measured-figure">measured {formatSeconds(b.measuredTotalS)}</span>
                ) : (
                  formatDuration(b.totalS)
                )
              }
            />
            <Card
              label="Wall clock from timestamps"
              value={formatSeconds(b.wallClockS)}
              sub="before manual values"
            />
            <Card
              label="Phases"
              value={b.phases.length}
              sub={<>{b.phases.filter((p) => p.source === 'manual').length} manual</>}
            />
          </div>
        </>
      )}

      <ChartFrame
        title={mode === 'waterfall' ? 'Startup waterfall' : 'Startup phases, stacked'}
        client={client}
        figures={(mode === 'waterfall'
          ? (['waterfall', 'bars'] as const)
          : (['bars', 'waterfall'] as const)
        ).map((figure) => ({
          label: figure === 'waterfall' ? 'Waterfall' : 'Stacked bars',
          request: { snapshots: c ? [b.id, c.id] : [b.id], figure, ranks },
        }))}
      >
        <div ref={bodyRef} className="chart-measure">
          {mode === 'waterfall' && pair ? (
            <>
              <Waterfall
                marks={pair.baseline}
                chartId="wf-b"
                testId="waterfall-baseline"
                theme={figureTheme}
                title={`Startup waterfall of ${b.name}`}
                heading={
                  c
                    ? `A · baseline · ${labelB} · ${formatSeconds(b.totalS)}`
                    : `${b.name} · ${formatSeconds(b.totalS)}`
                }
                activeId={events?.snapshotId === b.id ? events.phaseId : null}
                onToggle={toggle}
                onHover={hover(b)}
                onActivate={activate(b)}
              />
              {c && pair.candidate ? (
                <Waterfall
                  marks={pair.candidate}
                  chartId="wf-c"
                  testId="waterfall-candidate"
                  theme={figureTheme}
                  title={`Startup waterfall of ${c.name}`}
                  heading={`B · candidate · ${labelC} · ${formatSeconds(c.totalS)}`}
                  activeId={events?.snapshotId === c.id ? events.phaseId : null}
                  onToggle={toggle}
                  onHover={hover(c)}
                  onActivate={activate(c)}
                />
              ) : candidateId != null ? (
                <div className="skeleton-block" style={{ height: 300 }} aria-hidden="true" />
              ) : null}
            </>
          ) : null}
          {mode === 'stacked' && stacked ? (
            <StackedBars
              marks={stacked}
              chartId="sb"
              theme={figureTheme}
              title={`Startup phases of ${title}, stacked`}
              onHover={(hit, at) =>
                setTooltip(hit && at ? { phase: hit.segment.phase, snapshotName: hit.barName, at } : null)
              }
            />
          ) : null}
        </div>
        <Legend
          phases={[...b.phases, ...(c?.phases ?? [])].filter((p) => mode === 'waterfall' || p.parent == null)}
        />
      </ChartFrame>
      <PhaseTooltip target={tooltip} />

      <FiguresPanel client={client} snapshotIds={c ? [b.id, c.id] : [b.id]} version={version} />

      {events ? <PhaseEventsPanel client={client} target={events} onClose={() => setEvents(null)} /> : null}

      {phaseModel ? (
        <DataTable
          columns={phaseModel.columns}
          rows={phaseModel.rows}
          json={() => (c ? comparison.data : b)}
          testId="phase-table"
          caption="Phases"
          filename={`${title}-phases`}
          onRowClick={(id) => {
            const p = b.phases.find((q) => q.id === id);
            if (p) setEvents({ snapshotId: b.id, snapshotName: b.name, phaseId: id, lines: p.lines });
          }}
        />
      ) : (
        <div className="skeleton-block" style={{ height: 240 }} aria-hidden="true" />
      )}

      <MetaDiff baseline={b} candidate={c} config={cmp?.config ?? null} />

      <details className="table-frame attributes-details">
        <summary>Attributes {c ? 'of both snapshots' : ''}</summary>
        <div className="attributes-grid">
          <AttributesPanel
            client={client}
            snapshot={b}
            heading={c ? `A · ${b.name}` : b.name}
            onChanged={props.onChanged}
          />
          {c ? (
            <AttributesPanel
              client={client}
              snapshot={c}
              heading={`B · ${c.name}`}
              onChanged={props.onChanged}
            />
          ) : null}
        </div>
      </details>

      <div className={c ? 'manual-grid' : undefined}>
        <ManualValues client={client} detail={b} onChanged={props.onChanged} />
        {c ? <ManualValues client={client} detail={c} onChanged={props.onChanged} /> : null}
      </div>

      {[b, ...(c ? [c] : [])].some((d) => d.issues.length > 0) ? (
        <section className="issues" aria-label="Import issues">
          <h2>Notes from the import</h2>
          {[b, ...(c ? [c] : [])].map((d) =>
            d.issues.length > 0 ? (
              <details key={d.id}>
                <summary>
                  {d.name}: {d.issues.length} note{d.issues.length === 1 ? '' : 's'}
                </summary>
                <ul>
                  {d.issues.slice(0, 100).map((i, n) => (
                    <li key={n}>
                      {i.line != null ? <span className="line-no">line {i.line}: </span> : null}
                      {i.message}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null,
          )}
        </section>
      ) : null}
    </div>
  );
}

function ServingNote({
  baseline,
  candidate,
  comparing,
  onClearCandidate,
}: {
  baseline: SnapshotDetail;
  candidate: SnapshotDetail | null;
  comparing: boolean;
  onClearCandidate(): void;
}) {
  return (
    <div className="startup-view">
      <header className="view-header">
        <div>
          <h1>{candidate ? `${baseline.name} vs ${candidate.name}` : baseline.name}</h1>
          <p className="muted">{baseline.model ?? 'unknown model'}</p>
        </div>
        {comparing ? (
          <button type="button" className="button" onClick={onClearCandidate}>
            Show baseline alone
          </button>
        ) : null}
      </header>
      <p className="note" data-testid="serving-note">
        {candidate && candidate.kind !== baseline.kind
          ? 'A startup snapshot and a serving snapshot cannot be compared. '
          : ''}
        Serving snapshots (<code>vllm bench serve</code> results) are imported and searchable; their charts
        (throughput, TTFT, TPOT and ITL against concurrency) come in a later version. Metadata only for now.
      </p>
      <MetaDiff baseline={baseline} candidate={candidate} />
    </div>
  );
}
