// `benchlens report <snapshot>… -o FILE.html`: one self-contained offline HTML report (the core's
// exportReport: figures inline, tables with verdicts, config diff, sources and provenance) written to FILE.
import { writeFileSync } from 'node:fs';
import type { Output } from '../../shared/contract';
import { callMethod } from '../core/call';
import type { CoreService } from '../core/types';

export const REPORT_USAGE = `  report <snapshot>… -o FILE.html [--ranks MODE] [--normalise none|replica|gpu] [--title T] [--published]
                                  a self-contained HTML report (offline, printable): headline, figures,
                                  phase or diff table with verdicts, what changed, sources, provenance;
                                  --published embeds the bundle's matching published charts`;

export interface ReportFlags {
  output?: string | undefined;
  ranks?: string | undefined;
  normalise?: string | undefined;
  title?: string | undefined;
  published?: boolean | undefined;
}

export async function runReport(
  svc: CoreService,
  snapshots: (number | string)[],
  flags: ReportFlags,
  json: boolean,
  usage: (message: string) => Error,
): Promise<number> {
  if (snapshots.length === 0) throw usage('report needs at least one snapshot');
  if (!flags.output) throw usage('report needs -o FILE.html');
  const out = (await callMethod(svc, 'exportReport', {
    snapshots,
    ranks: flags.ranks,
    normalise: flags.normalise,
    title: flags.title,
    published: flags.published,
  })) as Output<'exportReport'>;
  const bytes = Buffer.from(out.html, 'utf8');
  writeFileSync(flags.output, bytes);
  const summary = { file: flags.output, bytes: bytes.length, mime: out.mime };
  process.stdout.write(
    json
      ? `${JSON.stringify(summary, null, 2)}\n`
      : `wrote ${flags.output} (${out.mime}, ${bytes.length} bytes)\n`,
  );
  return 0;
}
