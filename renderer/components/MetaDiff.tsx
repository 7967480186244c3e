// "What changed": the core's configuration diff of a comparison (only the keys that differ: engine
// settings, attributes, bench parameters), with every metadata key behind a toggle. With one snapshot
// it is a plain metadata table. Presentation only: the diff comes from `compare`.
import type { ConfigEntry, SnapshotDetail } from '../../shared/model';
import { formatConfigValue } from '../../shared/format';
import { attributesOf } from '../model/library';
import { metaDiff, metaDiffTable } from '../../shared/tables';
import { TableActions } from './DataTable';

/** The config diff of a comparison as a table: key, baseline value, candidate value. */
export function ConfigDiff({
  config,
  baselineName,
  candidateName,
}: {
  /** null while the comparison loads. */
  config: readonly ConfigEntry[] | null;
  baselineName: string;
  candidateName: string;
}) {
  return (
    <section className="table-frame config-diff" aria-label="What changed" data-testid="config-diff">
      <header className="chart-frame-header">
        <h2>What changed</h2>
        <span className="muted">
          {config == null
            ? 'comparing…'
            : config.length === 0
              ? 'no differences in settings, attributes or bench parameters'
              : `${config.length} difference${config.length === 1 ? '' : 's'}`}
        </span>
      </header>
      {config && config.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table meta-table">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Baseline · {baselineName}</th>
                <th scope="col">Candidate · {candidateName}</th>
              </tr>
            </thead>
            <tbody>
              {config.map((e) => (
                <tr key={e.key} className="differs" data-key={e.key}>
                  <th scope="row">{e.key}</th>
                  <td>{formatConfigValue(e.baseline)}</td>
                  <td>{formatConfigValue(e.candidate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

export function MetaDiff({
  baseline,
  candidate,
  config = null,
}: {
  baseline: SnapshotDetail;
  candidate: SnapshotDetail | null;
  /** The comparison's config diff (from `compare`), shown first when comparing. */
  config?: readonly ConfigEntry[] | null;
}) {
  const rows = metaDiff(
    { ...attributesOf(baseline), ...baseline.meta },
    candidate ? { ...attributesOf(candidate), ...candidate.meta } : {},
    baseline.model,
    candidate?.model ?? null,
  );
  const changed = rows.filter((r) => r.differs).length;
  const sourceRow = {
    key: 'source file',
    baseline: baseline.sourcePath,
    candidate: candidate?.sourcePath ?? '',
  };
  const exportTable = metaDiffTable(
    [...rows, { ...sourceRow, differs: sourceRow.baseline !== sourceRow.candidate }],
    baseline.name,
    candidate?.name ?? null,
  );
  const tableEl = (
    <div className="table-scroll">
      <table className="data-table meta-table" data-testid="meta-diff">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">{candidate ? `Baseline · ${baseline.name}` : baseline.name}</th>
            {candidate ? <th scope="col">Candidate · {candidate.name}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.key}
              className={candidate && r.differs ? 'differs' : undefined}
              data-differs={candidate && r.differs ? 'true' : undefined}
            >
              <th scope="row">{r.key}</th>
              <td>{r.baseline || <span className="muted">—</span>}</td>
              {candidate ? <td>{r.candidate || <span className="muted">—</span>}</td> : null}
            </tr>
          ))}
          <tr>
            <th scope="row">source file</th>
            <td className="path">{baseline.sourcePath}</td>
            {candidate ? <td className="path">{candidate.sourcePath}</td> : null}
          </tr>
        </tbody>
      </table>
    </div>
  );
  if (!candidate)
    return (
      <section className="table-frame" aria-label="Metadata">
        <header className="chart-frame-header">
          <h2>Metadata</h2>
          <TableActions table={exportTable} filename={`${baseline.name}-metadata`} />
        </header>
        {tableEl}
      </section>
    );
  return (
    <>
      <ConfigDiff config={config} baselineName={baseline.name} candidateName={candidate.name} />
      <details className="table-frame attributes-details">
        <summary>
          All metadata of both snapshots{' '}
          <span className="muted">
            ({changed === 0 ? 'no differences' : `${changed} difference${changed === 1 ? '' : 's'}`})
          </span>
        </summary>
        <TableActions table={exportTable} filename={`${baseline.name}-vs-${candidate.name}-metadata`} />
        {tableEl}
      </details>
    </>
  );
}
