// The "Ranks" choice of the start-up views: how tensor-parallel ranks are aggregated (RankMode).
import { RankMode } from '../../shared/model';

const LABELS: Record<RankMode, string> = {
  slowest: 'slowest rank',
  first: 'first rank',
  median: 'median rank',
};

export function RanksSelect({ value, onChange }: { value: RankMode; onChange(ranks: RankMode): void }) {
  return (
    <label className="inline">
      Ranks
      <select
        aria-label="Rank aggregation"
        data-testid="ranks-select"
        value={value}
        onChange={(e) => onChange(RankMode.parse(e.target.value))}
      >
        {RankMode.options.map((r) => (
          <option key={r} value={r}>
            {LABELS[r]}
          </option>
        ))}
      </select>
    </label>
  );
}
