// Number formatting for tables, CLI text and charts: the exact strings every front door shows. Pure.
// Locale-independent, so labels, tables, CLI output, exports and tests all agree on the text.
import { formatLocale } from 'd3-format';

// ASCII minus so that CSV/Markdown exports parse as numbers everywhere.
const { format } = formatLocale({
  decimal: '.',
  thousands: ',',
  grouping: [3],
  currency: ['', ''],
  minus: '-',
});

const oneDecimal = format('.1f');
const twoDecimals = format('.2f');
const integer = format('d');

/** Compact seconds for labels: "982 s", "77.9 s", "5.8 s", "0.04 s". */
export function formatSeconds(s: number | null | undefined): string {
  if (s == null || !Number.isFinite(s)) return '—';
  const a = Math.abs(s);
  if (a >= 100) return `${integer(Math.round(s))} s`;
  if (a >= 1 || a === 0) return `${trimZeros(oneDecimal(s))} s`;
  return `${trimZeros(twoDecimals(s))} s`;
}

/** Exact seconds for tooltips and tables: always one decimal ("758.2 s"), two below 1 s. */
export function formatSecondsExact(s: number | null | undefined): string {
  if (s == null || !Number.isFinite(s)) return '—';
  return Math.abs(s) < 1 && s !== 0 ? `${twoDecimals(s)} s` : `${oneDecimal(s)} s`;
}

/** Plain number of seconds for tables and CSV (one decimal, no unit). */
export function formatSecondsNumber(s: number | null | undefined): string {
  if (s == null || !Number.isFinite(s)) return '';
  return oneDecimal(s);
}

/** Human duration: "45 s", "16 min 22 s", "1 h 2 min". */
export function formatDuration(s: number | null | undefined): string {
  if (s == null || !Number.isFinite(s)) return '—';
  const sign = s < 0 ? '-' : '';
  const total = Math.round(Math.abs(s));
  if (total < 60) return `${sign}${formatSeconds(Math.abs(s))}`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (h > 0) return `${sign}${h} h ${m} min`;
  return `${sign}${m} min ${sec} s`;
}

/** Speedup with two decimals and an "x": 3.7769 → "3.78x". */
export function formatSpeedup(x: number | null | undefined): string {
  if (x == null || !Number.isFinite(x)) return '—';
  return `${twoDecimals(x)}x`;
}

/** Fraction → whole percent: 0.873 → "87%". */
export function formatPercent(f: number | null | undefined): string {
  if (f == null || !Number.isFinite(f)) return '—';
  return `${integer(Math.round(f * 100))}%`;
}

/** Bytes → "12.3 MB" (decimal units, as file managers show). */
export function formatBytes(b: number): string {
  if (!Number.isFinite(b) || b < 0) return '—';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = b;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return i === 0 ? `${integer(v)} B` : `${oneDecimal(v)} ${units[i] ?? ''}`;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

const threeSig = format('.3~g');
const siTick = format('~s');

/** A serving metric value for tables and tooltips: "2157.7", "11.50", "0.00412" (no thousands separator, CSV-safe). */
export function formatMetric(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 100) return oneDecimal(v);
  if (a >= 1) return twoDecimals(v);
  if (a === 0) return '0';
  return format('.3~r')(v);
}

/** A candidate/baseline ratio: three decimals, "0.987". */
export function formatRatio(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '—';
  return format('.3f')(v);
}

/** Axis tick text: "500", "2.5k", "0.05", "1M". */
export function formatTick(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (Math.abs(v) >= 1000) return siTick(v);
  return threeSig(v);
}

/** A p-value: three significant digits, "0.505", "0.00311"; "<0.0001" below that. */
export function formatPValue(p: number | null | undefined): string {
  if (p == null || !Number.isFinite(p)) return '—';
  if (p < 0.0001) return '<0.0001';
  return format('.3~r')(p);
}

/** A configuration value of a config diff: "—" for missing, true/false, numbers as written. */
export function formatConfigValue(v: string | number | boolean | null | undefined): string {
  if (v == null || v === '') return '—';
  return String(v);
}
