// CLI manners: per-command help, "did you mean" for mistyped commands, options and values, and the
// checks that refuse an unknown enumeration value with the list of valid ones before any database is
// opened. Pure apart from parseArgs; the suggestion distance is a small hand-written Levenshtein.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { RankMode } from '../../shared/model';
import { ANNOTATABLE_PHASES } from '../../shared/phases';
import { TABLE_FORMATS, TABLE_KINDS } from './export-table';

/** A wrong command, flag or argument: printed with a pointer to the help, exit status 2. */
export class UsageError extends Error {}

interface CommandHelp {
  usage: string;
  about: string;
  options?: string[];
}

const RANKS = RankMode.options;
const FIGURES = ['waterfall', 'bars', 'curves', 'ratio', 'pareto'] as const;
const FIGURE_FORMATS = ['svg', 'png', 'pdf'] as const;
const THEMES = ['light', 'dark'] as const;
const NORMALISE = ['none', 'replica', 'gpu'] as const;
const COMPARE_X = ['concurrency', 'rate'] as const;
const FIGURE_X = ['auto', 'concurrency', 'rate', 'requestRate', 'interactivity', 'ttft'] as const;
const STATS = ['mean', 'median', 'p99'] as const;
const FIGURE_METRICS = ['output', 'total', 'requests', 'ttft', 'tpot', 'itl', 'e2el'] as const;

const DB = '--db FILE [--create]   database file; a missing FILE is refused unless --create';
const JSON_OPT = '--json                 machine-readable output';
const RANKS_OPT = `--ranks ${RANKS.join('|')}   how tensor-parallel ranks are aggregated (default slowest)`;

const HELP: Record<string, CommandHelp> = {
  import: {
    usage: 'benchlens import <path|github:OWNER/REPO[@REF]>… [--verbose]',
    about:
      'Import files, folders, .zip / .tar.gz bundles (searched recursively) or a GitHub repository archive. ' +
      'Ends with a one-line summary; --verbose lists every file; skipped files and errors are always listed.',
    options: ['--verbose, -v           one line per file', DB, JSON_OPT],
  },
  watch: {
    usage: 'benchlens watch <dir>…',
    about: 'Import new or changed files as they land (Ctrl+C to stop).',
    options: [DB, JSON_OPT],
  },
  list: {
    usage:
      'benchlens list [--query TEXT] [--kind startup|serving] [--model NAME] [--limit N] [--offset N] [--wide]',
    about:
      'List snapshots in 100 columns (long names shortened with …); --wide prints them in full. Filters and ' +
      'pages run in SQL; --json stays an array.',
    options: [
      '--query TEXT           every term must match name, model, bundle or a metadata value',
      '--kind startup|serving',
      '--limit N  --offset N  one page of the library',
      '--wide                 full names, models and bundles',
      '--model NAME           only this model, under any of its names (org prefix, -sharded copies)',
      DB,
      JSON_OPT,
    ],
  },
  show: {
    usage: 'benchlens show <snapshot>',
    about: "One snapshot's phases (start-up) or points (serving) and its metadata.",
    options: [RANKS_OPT, DB, JSON_OPT],
  },
  compare: {
    usage: 'benchlens compare <baseline> <candidate>',
    about:
      'Start-up: speedup overall and per phase (with the log-only figures beside any that include manual ' +
      'values); serving: every metric at every shared point with ratio, Mann–Whitney p and verdict.',
    options: [
      RANKS_OPT,
      '--metric KEY           serving: a result-file key, e.g. output_throughput (repeatable)',
      `--x ${COMPARE_X.join('|')}   serving: match points by (default: whichever varies)`,
      `--normalise ${NORMALISE.join('|')}   serving: divide throughputs (default none)`,
      DB,
      JSON_OPT,
    ],
  },
  annotate: {
    usage:
      'benchlens annotate <snapshot> --phase ID=SECONDS [--phase …] [--note TEXT] [--scenario NAME] [--remove ID]',
    about:
      'Add or override phase values by hand; they sit beside the measured values, which stay visible. ' +
      `--scenario groups them (e.g. "published chart assumptions"). Phase ids: ${ANNOTATABLE_PHASES.join(', ')}.`,
    options: [
      '--phase ID=SECONDS     a catalogue phase and its value (repeatable)',
      '--note TEXT            where the value comes from',
      '--scenario NAME        the named scenario the values belong to',
      '--remove ID            remove a manual value (repeatable)',
      DB,
      JSON_OPT,
    ],
  },
  scenario: {
    usage: 'benchlens scenario <snapshot> [on|off|rm NAME | published]',
    about:
      "Without an action, list the snapshot's manual scenarios. on applies a scenario, off keeps it but shows " +
      'the measured values, rm removes all of its values. "" names the unnamed scenario. published applies ' +
      "the constants the model's published chart assumed (Qwen3-235B: Qwen235B.png) as the scenario " +
      '"published chart assumptions".',
    options: [DB, JSON_OPT],
  },
  attr: {
    usage: 'benchlens attr <snapshot> KEY=VALUE…',
    about:
      "Edit a snapshot's attributes (replicas=4, gpus=8, label=…; KEY= removes). gpus, replicas and tp take " +
      'positive whole numbers.',
    options: [DB, JSON_OPT],
  },
  rename: {
    usage: 'benchlens rename <snapshot> <new-name>',
    about: 'Give a snapshot a new unique name (not only digits: those name ids).',
    options: [DB, JSON_OPT],
  },
  rm: {
    usage: 'benchlens rm <snapshot>…',
    about:
      'Delete snapshots. Every name is resolved first, so one unknown name deletes nothing. Each delete ' +
      'prints a restore token: benchlens restore TOKEN undoes it.',
    options: [DB, JSON_OPT],
  },
  model: {
    usage: 'benchlens model [list] | merge <model> <into-model> | split <model-name> | reset <model-name>',
    about:
      'Model identities: one key per model under its names (organisation prefix, -sharded copies), used by ' +
      'the library filter and list --model. list shows each identity with its names; merge makes every name ' +
      'of the first identity part of the second; split gives one model name as written in a log its own ' +
      'identity; reset returns a name to the identity derived from it (its split and merges removed). A ' +
      'model is named as written in a log or by its key (see model list).',
    options: [DB, JSON_OPT],
  },
  restore: {
    usage: 'benchlens restore [TOKEN]…',
    about:
      'Undo a delete: the snapshot comes back exactly as it was (name, manual values and scenarios, ' +
      'attribute edits, points and log lines). Without a token, lists the deletions that can be undone ' +
      '(the newest 100). Refused, changing nothing, when the name is taken now or the files were imported again.',
    options: [DB, JSON_OPT],
  },
  serve: {
    usage: 'benchlens serve [--port N]',
    about: 'Serve the app to a local browser (127.0.0.1, per-launch token).',
    options: ['--port N               0-65535 (default: a free port)', DB],
  },
  export: {
    usage:
      'benchlens export <snapshot>… --table phases|diff --format csv|md|json [-o FILE]\n' +
      '       benchlens export <snapshot>… --format trace [-o FILE.json]\n' +
      '       benchlens export <snapshot>… --figure KIND --format svg|png|pdf -o FILE',
    about: 'A phase table or diff, a Chrome trace, or a figure rendered without a window.',
    options: [
      `--table ${TABLE_KINDS.join('|')}`,
      `--format ${[...TABLE_FORMATS, 'trace', ...FIGURE_FORMATS].join('|')}`,
      `--figure ${FIGURES.join('|')}`,
      `--theme ${THEMES.join('|')}   --width PX  --height PX  --dpi N  --title T`,
      `--metric ${FIGURE_METRICS.join('|')}[:${STATS.join('|')}]   (figures; tables: a result-file key)`,
      `--x ${FIGURE_X.join('|')} (figures) or ${COMPARE_X.join('|')} (tables)`,
      `--normalise ${NORMALISE.join('|')}`,
      '--baseline SNAPSHOT    bars: the baseline of its model group (repeatable)',
      RANKS_OPT,
      '-o FILE                output file (stdout without it, for tables and traces)',
      DB,
    ],
  },
  report: {
    usage: 'benchlens report <snapshot>… -o FILE.html [--published]',
    about:
      'One self-contained HTML report (opens offline, prints to PDF): summary and speedup, figures, the phase ' +
      'or serving diff table with verdicts, what changed, the source of every value and the import provenance.',
    options: [
      '--published            embed the bundle’s published charts (data: images)',
      `--normalise ${NORMALISE.join('|')}   serving throughputs per replica or GPU`,
      RANKS_OPT,
      '-o FILE.html           output file',
      DB,
    ],
  },
};

export const COMMANDS: readonly string[] = Object.keys(HELP);

export function isCommand(s: string): boolean {
  return Object.prototype.hasOwnProperty.call(HELP, s);
}

export function commandHelp(cmd: string): string {
  const h = HELP[cmd];
  if (!h) return '';
  return [
    `Usage: ${h.usage}`,
    '',
    h.about,
    ...(h.options?.length ? ['', 'Options:', ...h.options.map((o) => `  ${o}`)] : []),
    '',
    'A snapshot is named by its id or its unique name (see benchlens list).',
  ].join('\n');
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment: insert, delete, substitute,
 * swap two neighbours: 1 each), so "wdie" is one edit from "wide". Hand-written: a dozen lines.
 */
export function levenshtein(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, sub);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] ?? 0) + 1);
      cur.push(d);
    }
    before = prev;
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The candidate nearest to `s` when it is close enough to be a typo (≤ 1/3 of its length, at most 3). */
export function closest(s: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.startsWith(s) && s.length >= 2 ? 0.5 : levenshtein(s.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== null && bestD <= Math.min(3, Math.max(1, Math.floor(s.length / 3))) ? best : null;
}

/** parseArgs, with "did you mean --x?" for an unknown option. */
export function parseArgsOrSuggest<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const m = /'(-{1,2}[^']+)'/.exec((e as Error).message);
      const flag = m?.[1] ?? '';
      const near = closest(flag.replace(/^-+/, ''), Object.keys(config.options ?? {}));
      throw new UsageError(`unknown option ${flag}${near ? `; did you mean --${near}?` : ''}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError((e as Error).message);
    throw e;
  }
}

/** A value of an enumeration, or a usage error naming the flag and every valid value. */
export function oneOf(flag: string, value: string | undefined, allowed: readonly string[]): void {
  if (value === undefined || allowed.includes(value)) return;
  const near = closest(value, allowed);
  throw new UsageError(
    `${flag} expects one of ${allowed.join(', ')}; got "${value}"${near ? ` (did you mean "${near}"?)` : ''}`,
  );
}

export interface EnumFlags {
  ranks?: string | undefined;
  table?: string | undefined;
  format?: string | undefined;
  figure?: string | undefined;
  theme?: string | undefined;
  x?: string | undefined;
  normalise?: string | undefined;
  metric?: string[] | undefined;
}

/** Every enumeration flag checked against its valid values for the command at hand. */
export function checkEnums(cmd: string, v: EnumFlags): void {
  oneOf('--ranks', v.ranks, RANKS);
  oneOf('--normalise', v.normalise, NORMALISE);
  if (cmd !== 'export') {
    oneOf('--x', v.x, COMPARE_X);
    return;
  }
  if (v.figure !== undefined) {
    oneOf('--figure', v.figure, FIGURES);
    oneOf('--format', v.format, FIGURE_FORMATS);
    oneOf('--theme', v.theme, THEMES);
    oneOf('--x', v.x, FIGURE_X);
    const [metric, stat] = (v.metric?.[0] ?? 'output').split(':');
    oneOf('--metric', metric, FIGURE_METRICS);
    oneOf('--metric statistic', stat, STATS);
    return;
  }
  if (v.theme !== undefined) throw new UsageError('--theme applies to figures (--figure …)');
  oneOf('--table', v.table, TABLE_KINDS);
  oneOf('--format', v.format, [...TABLE_FORMATS, 'trace']);
  oneOf('--x', v.x, COMPARE_X);
}
