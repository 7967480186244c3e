// "What changed": both snapshots' metadata side by side, differing values highlighted. With one
// snapshot it is a plain metadata table.
import type { SnapshotDetail } from '../../shared/model';
import { attributesOf } from '../model/library';
import { metaDiff, metaDiffTable } from '../../shared/tables';
import { TableActions } from './DataTable';

export function MetaDiff({
  baseline,
  candidate,
}: {
  baseline: SnapshotDetail;
  candidate: SnapshotDetail | null;
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
  const table = metaDiffTable(
    [...rows, { ...sourceRow, differs: sourceRow.baseline !== sourceRow.candidate }],
    baseline.name,
    candidate?.name ?? null,
  );
  return (
    <section className="table-frame" aria-label={candidate ? 'What changed' : 'Metadata'}>
      <header className="chart-frame-header">
        <h2>{candidate ? 'What changed' : 'Metadata'}</h2>
        {candidate ? (
          <span className="muted">
            {changed === 0 ? 'no differences' : `${changed} difference${changed === 1 ? '' : 's'}`}
          </span>
        ) : null}
        <TableActions
          table={table}
          filename={
            candidate ? `${baseline.name}-vs-${candidate.name}-metadata` : `${baseline.name}-metadata`
          }
        />
      </header>
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
    </section>
  );
}
