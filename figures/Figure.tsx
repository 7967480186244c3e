// One entry point for every figure kind: a spec in, the figure's <svg> element out. The core renders it
// to a string with react-dom/server; the app draws the same element.
import { BarsFigure } from './BarsFigure';
import { CurvesFigure, ParetoFigure, RatioFigure } from './ServingFigures';
import type { FigureSpec } from './spec';
import { figureTheme } from './theme';
import { WaterfallFigure } from './WaterfallFigure';

export function Figure({ spec }: { spec: FigureSpec }) {
  const theme = figureTheme(spec.theme);
  const common = { width: spec.width, height: spec.height, theme, title: spec.title };
  switch (spec.kind) {
    case 'waterfall':
      return <WaterfallFigure snapshots={spec.snapshots} {...common} />;
    case 'bars':
      return <BarsFigure snapshots={spec.snapshots} baselines={spec.baselines} {...common} />;
    case 'curves':
      return (
        <CurvesFigure
          snapshots={spec.snapshots}
          metric={spec.metric}
          stat={spec.stat}
          normalise={spec.normalise}
          x={spec.x}
          {...common}
        />
      );
    case 'ratio':
      return (
        <RatioFigure
          snapshots={spec.snapshots}
          metric={spec.metric}
          stat={spec.stat}
          normalise={spec.normalise}
          x={spec.x}
          {...common}
        />
      );
    case 'pareto':
      return <ParetoFigure snapshots={spec.snapshots} x={spec.x} {...common} />;
  }
}
