// `benchlens export <snapshot>… --figure KIND --format svg|png|pdf -o FILE`: parses the figure flags,
// calls the core's exportFigure (the renderer the app uses) and writes the file. Usage mistakes are
// reported through the caller's usage error so they exit with status 2 and the help text.
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Output } from '../../shared/contract';
import { callMethod } from '../core/call';
import type { CoreService } from '../core/types';

export interface FigureFlags {
  figure?: string | undefined;
  format?: string | undefined;
  width?: string | undefined;
  height?: string | undefined;
  dpi?: string | undefined;
  theme?: string | undefined;
  metric?: string | undefined;
  normalise?: string | undefined;
  x?: string | undefined;
  title?: string | undefined;
  ranks?: string | undefined;
  output?: string | undefined;
  /** bars: the baseline of a model group (repeatable). */
  baseline?: string[] | undefined;
}

export const FIGURE_USAGE = `  export <snapshot>… --figure waterfall|bars|curves|ratio|pareto --format svg|png|pdf -o FILE
         [--width PX] [--height PX] [--dpi N] [--theme light|dark] [--metric M[:mean|median|p99]]
         [--normalise none|replica|gpu] [--x auto|concurrency|rate|interactivity|ttft] [--title T]
         [--baseline SNAPSHOT…]
                                  a figure rendered without a window (the first snapshot is the baseline;
                                  bars: per model, --baseline, else the one named "base", else the first)`;

function int(flag: string, v: string | undefined, usage: (m: string) => Error): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw usage(`--${flag} expects a whole number, got "${v}"`);
  return Number(v);
}

export async function runExportFigure(
  svc: CoreService,
  snapshots: (number | string)[],
  flags: FigureFlags,
  json: boolean,
  usage: (message: string) => Error,
): Promise<number> {
  if (snapshots.length === 0) throw usage('export needs at least one snapshot');
  if (!flags.output) throw usage('export needs -o FILE');
  const fromExt = extname(flags.output).slice(1).toLowerCase();
  const format = flags.format ?? (['svg', 'png', 'pdf'].includes(fromExt) ? fromExt : undefined);
  if (!format) throw usage('export needs --format svg|png|pdf (or an -o FILE ending in one)');
  const [metric, stat] = (flags.metric ?? 'output').split(':');
  const input = {
    snapshots,
    figure: flags.figure,
    format,
    width: int('width', flags.width, usage),
    height: int('height', flags.height, usage),
    dpi: int('dpi', flags.dpi, usage),
    theme: flags.theme,
    metric,
    stat,
    normalise: flags.normalise,
    x: flags.x,
    ranks: flags.ranks,
    title: flags.title,
    baselines: flags.baseline?.map((b) => (/^\d+$/.test(b) ? Number(b) : b)),
  };
  const out = (await callMethod(svc, 'exportFigure', input)) as Output<'exportFigure'>;
  const bytes = Buffer.from(out.base64, 'base64');
  writeFileSync(flags.output, bytes);
  const summary = { file: flags.output, bytes: bytes.length, mime: out.mime };
  process.stdout.write(
    json
      ? `${JSON.stringify(summary, null, 2)}\n`
      : `wrote ${flags.output} (${out.mime}, ${bytes.length} bytes)\n`,
  );
  return 0;
}
