// Which phases differ between the log and a published chart, and by how much: logged value, the
// chart's assumed constant, the difference and its source (shared/published-gap.ts). Shown under the
// manual values of a start-up snapshot whose model has a documented published chart, applied or not.
import type { SnapshotDetail } from '../../shared/model';
import { formatSecondsExact } from '../../shared/format';
import { publishedGap } from '../../shared/published-gap';

const signed = (s: number): string => `${s > 0 ? '+' : s < 0 ? '−' : '±'}${formatSecondsExact(Math.abs(s))}`;

export function PublishedGapTable({ detail }: { detail: SnapshotDetail }) {
  const gap = publishedGap(detail);
  if (!gap) return null;
  return (
    <details className="published-gap" data-testid="published-gap" open>
      <summary>
        Log vs published chart <span className="muted">· {gap.figure}</span>
      </summary>
      <div className="table-scroll">
        <table className="data-table meta-table">
          <thead>
            <tr>
              <th scope="col">Phase</th>
              <th scope="col" className="num">
                Logged
              </th>
              <th scope="col" className="num">
                Published (assumed)
              </th>
              <th scope="col" className="num">
                Difference
              </th>
            </tr>
          </thead>
          <tbody>
            {gap.rows.map((r) => (
              <tr key={r.phase} title={`Source: ${r.source}`} data-phase={r.phase}>
                <th scope="row">{r.label}</th>
                <td className="num">
                  {r.loggedS === null ? 'not in the log' : formatSecondsExact(r.loggedS)}
                </td>
                <td className="num">{formatSecondsExact(r.publishedS)}</td>
                <td className="num">{signed(r.differenceS)}</td>
              </tr>
            ))}
            <tr className="total">
              <th scope="row">Total</th>
              <td className="num">{formatSecondsExact(gap.loggedTotalS)}</td>
              <td className="num">{formatSecondsExact(gap.publishedTotalS)}</td>
              <td className="num">{signed(gap.publishedTotalS - gap.loggedTotalS)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p className="muted">
        Published values are constants the chart assumed in place of measured phases. Source: {gap.source}.
      </p>
    </details>
  );
}
