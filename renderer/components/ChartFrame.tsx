// A titled frame around a chart (or a group of charts) with an export menu: SVG, PNG at a chosen DPI or
// vector PDF of one of the frame's figures, rendered by the core's headless renderer (the same as
// `benchlens export`), at a size set here rather than by the window, and saved as a download. A chart
// that fails to render shows its error inside the frame (ErrorBoundary), not a blank app.
import { useState, type ReactNode } from 'react';
import type { Input } from '../../shared/contract';
import type { Client } from '../api/client';
import { base64Blob, downloadBlob } from '../download';
import { ErrorBoundary } from './ErrorBoundary';

export type FigureRequest = Omit<Input<'exportFigure'>, 'format' | 'width' | 'dpi' | 'theme'>;

export interface FigureChoice {
  label: string;
  request: FigureRequest;
}

export interface ChartFrameProps {
  title: string;
  /** The figures this frame can export (the first is the default). */
  figures: readonly FigureChoice[];
  client: Client;
  actions?: ReactNode;
  children: ReactNode;
  minHeight?: number;
}

const DPIS = [96, 150, 300, 600] as const;
const WIDTHS = [640, 960, 1280, 1920] as const;

export function ChartFrame({ title, figures, client, actions, children, minHeight }: ChartFrameProps) {
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [figure, setFigure] = useState(0);
  const [dpi, setDpi] = useState<number>(300);
  const [width, setWidth] = useState<number>(960);
  const [theme, setTheme] = useState<'light' | 'dark'>('light');
  const chosen = figures[Math.min(figure, figures.length - 1)];
  const save = (format: 'svg' | 'png' | 'pdf') => {
    if (!chosen) return;
    setBusy(true);
    setMessage(null);
    client.api
      .exportFigure({ ...chosen.request, format, width, theme, ...(format === 'png' ? { dpi } : {}) })
      .then((out) => downloadBlob(base64Blob(out.base64, out.mime), out.fileName))
      .catch((e: unknown) => setMessage(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  return (
    <section className="chart-frame" aria-label={title}>
      <header className="chart-frame-header">
        <h2>{title}</h2>
        <div className="chart-actions">
          {actions}
          <details className="export-menu" data-testid="export-menu">
            <summary className="button small">Export…</summary>
            <div className="export-menu-body" role="group" aria-label={`Export ${title}`}>
              {figures.length > 1 ? (
                <label className="inline">
                  Figure
                  <select value={figure} onChange={(e) => setFigure(Number(e.target.value))}>
                    {figures.map((f, i) => (
                      <option key={f.label} value={i}>
                        {f.label}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
              <label className="inline">
                Width
                <select
                  value={width}
                  onChange={(e) => setWidth(Number(e.target.value))}
                  data-testid="export-width"
                >
                  {WIDTHS.map((w) => (
                    <option key={w} value={w}>
                      {w} px
                    </option>
                  ))}
                </select>
              </label>
              <label className="inline">
                Theme
                <select
                  value={theme}
                  onChange={(e) => setTheme(e.target.value === 'dark' ? 'dark' : 'light')}
                >
                  <option value="light">light</option>
                  <option value="dark">dark</option>
                </select>
              </label>
              <div className="export-buttons">
                <button type="button" className="button small" disabled={busy} onClick={() => save('svg')}>
                  SVG
                </button>
                <span className="inline">
                  <button type="button" className="button small" disabled={busy} onClick={() => save('png')}>
                    PNG
                  </button>
                  <select
                    aria-label="PNG resolution"
                    data-testid="export-dpi"
                    value={dpi}
                    onChange={(e) => setDpi(Number(e.target.value))}
                  >
                    {DPIS.map((d) => (
                      <option key={d} value={d}>
                        {d} dpi
                      </option>
                    ))}
                  </select>
                </span>
                <button type="button" className="button small" disabled={busy} onClick={() => save('pdf')}>
                  PDF
                </button>
              </div>
            </div>
          </details>
        </div>
      </header>
      {message ? (
        <p className="error" role="alert">
          {message}
        </p>
      ) : null}
      <div className="chart-body" style={minHeight ? { minHeight } : undefined}>
        <ErrorBoundary what={`the chart “${title}”`}>{children}</ErrorBoundary>
      </div>
    </section>
  );
}
