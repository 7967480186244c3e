// The `exportFigure` method: loads the named snapshots (start-up phases or serving points), checks that
// they suit the figure kind, builds the figure spec and renders it to the requested format.
import type { ParsedInput, Output } from '../../../shared/contract';
import type { ServingPoint, SnapshotDetail, SnapshotSummary } from '../../../shared/model';
import { figureLabels, type FigureSpec, type ServingInput, type StartupInput } from '../../../figures/spec';
import { CoreError } from '../call';
import { exportFigureBytes, FIGURE_MIME } from './figure';

export interface FigureSources {
  startup(ref: number | string, ranks: ParsedInput<'exportFigure'>['ranks']): SnapshotDetail;
  serving(ref: number | string): { snapshot: SnapshotSummary; points: ServingPoint[] };
}

function safeName(s: string): string {
  return (
    s
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 120) || 'figure'
  );
}

export function figureSpec(input: ParsedInput<'exportFigure'>, src: FigureSources): FigureSpec {
  const size = { width: input.width, height: input.height, theme: input.theme, title: input.title };
  switch (input.figure) {
    case 'waterfall':
    case 'bars': {
      const details = input.snapshots.map((ref) => src.startup(ref, input.ranks));
      const labels = figureLabels(details);
      const snapshots: StartupInput[] = details.map((d, i) => ({
        label: labels[i] ?? d.name,
        name: d.name,
        model: d.model,
        modelKey: d.modelKey,
        totalS: d.totalS,
        phases: d.phases,
      }));
      const baselines = (input.baselines ?? []).map((ref) => {
        const name = src.startup(ref, input.ranks).name;
        if (!snapshots.some((s) => s.name === name))
          throw new CoreError('bad_input', `baseline "${name}" is not one of the figure's snapshots`);
        return name;
      });
      return { kind: input.figure, snapshots, ...(baselines.length > 0 ? { baselines } : {}), ...size };
    }
    case 'curves':
    case 'ratio':
    case 'pareto': {
      const loaded = input.snapshots.map((ref) => src.serving(ref));
      const labels = figureLabels(loaded.map((l) => l.snapshot));
      const snapshots: ServingInput[] = loaded.map(({ snapshot, points }, i) => ({
        id: snapshot.id,
        name: snapshot.name,
        label: labels[i] ?? snapshot.name,
        attributes: snapshot.attributes,
        points,
      }));
      if (input.figure === 'pareto') {
        if (input.x !== 'auto' && input.x !== 'interactivity' && input.x !== 'ttft')
          throw new CoreError('bad_input', `pareto x must be interactivity or ttft, got "${input.x}"`);
        return { kind: 'pareto', snapshots, x: input.x === 'ttft' ? 'ttft' : 'interactivity', ...size };
      }
      if (input.x === 'interactivity' || input.x === 'ttft')
        throw new CoreError(
          'bad_input',
          `${input.figure} x must be auto, concurrency or rate (requestRate), got "${input.x}"`,
        );
      if (input.figure === 'ratio' && snapshots.length < 2)
        throw new CoreError('bad_input', 'a ratio figure needs a baseline and at least one candidate');
      return {
        kind: input.figure,
        snapshots,
        metric: input.metric,
        stat: input.stat,
        normalise: input.normalise,
        x: input.x === 'rate' ? 'requestRate' : input.x,
        ...size,
      };
    }
  }
}

export async function exportFigure(
  input: ParsedInput<'exportFigure'>,
  src: FigureSources,
): Promise<Output<'exportFigure'>> {
  const spec = figureSpec(input, src);
  const bytes = await exportFigureBytes(spec, input.format, { dpi: input.dpi });
  // whole names: the short labels drop what the snapshots share, which a file name needs
  const labels = spec.snapshots.map((s) => s.name);
  const stem = `${labels.length > 3 ? `${labels[0] ?? ''}-and-${labels.length - 1}-more` : labels.join('-vs-')}-${input.figure}`;
  return {
    fileName: `${safeName(stem)}${input.format === 'png' && input.dpi !== 96 ? `@${input.dpi}dpi` : ''}.${input.format}`,
    mime: FIGURE_MIME[input.format],
    base64: bytes.toString('base64'),
  };
}
