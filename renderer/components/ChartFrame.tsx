// A titled frame around a chart (or a group of charts) with "Export SVG" / "Export PNG" actions;
// the export serialises exactly the SVG elements on screen, so the file is the figure you see. A chart
// that fails to render shows its error inside the frame (ErrorBoundary), not a blank app.
import { useRef, useState, type ReactNode } from 'react';
import { exportPng, exportSvg, safeFilename } from '../charts/export';
import { ErrorBoundary } from './ErrorBoundary';

export interface ChartFrameProps {
  title: string;
  filename: string;
  actions?: ReactNode;
  children: ReactNode;
  minHeight?: number;
}

export function ChartFrame({ title, filename, actions, children, minHeight }: ChartFrameProps) {
  const ref = useRef<HTMLDivElement | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const svgs = (): SVGSVGElement[] =>
    Array.from(ref.current?.querySelectorAll<SVGSVGElement>('svg.chart') ?? []);
  const name = safeFilename(filename);
  return (
    <section className="chart-frame" aria-label={title}>
      <header className="chart-frame-header">
        <h2>{title}</h2>
        <div className="chart-actions">
          {actions}
          <button type="button" className="button small" onClick={() => exportSvg(svgs(), `${name}.svg`)}>
            Export SVG
          </button>
          <button
            type="button"
            className="button small"
            onClick={() => {
              exportPng(svgs(), `${name}.png`).catch((e: unknown) =>
                setMessage(e instanceof Error ? e.message : String(e)),
              );
            }}
          >
            Export PNG
          </button>
        </div>
      </header>
      {message ? (
        <p className="error" role="alert">
          {message}
        </p>
      ) : null}
      <div className="chart-body" ref={ref} style={minHeight ? { minHeight } : undefined}>
        <ErrorBoundary what={`the chart “${title}”`}>{children}</ErrorBoundary>
      </div>
    </section>
  );
}
