// The log lines behind one phase value (phaseEvents), opened by clicking a bar or a table row. It scrolls
// itself into view and takes focus when it opens or its phase changes, so the click visibly does something.
import { useEffect, useRef } from 'react';
import type { Client } from '../api/client';
import { phaseColor, phaseLabel } from '../../shared/phases';
import { useResource } from './use-resource';

export interface PhaseEventsTarget {
  snapshotId: number;
  snapshotName: string;
  phaseId: string;
  lines: number[];
}

export function PhaseEventsPanel({
  client,
  target,
  onClose,
}: {
  client: Client;
  target: PhaseEventsTarget;
  onClose(): void;
}) {
  const key = `${target.snapshotId}:${target.phaseId}`;
  const events = useResource(key, () =>
    client.api.phaseEvents({ snapshot: target.snapshotId, phase: target.phaseId }),
  );
  const highlight = new Set(target.lines);
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
    el.focus({ preventScroll: true });
  }, [key]);
  return (
    <section
      ref={ref}
      tabIndex={-1}
      className="events-panel"
      aria-label={`Log lines behind ${phaseLabel(target.phaseId)}`}
      data-testid="phase-events"
    >
      <header className="chart-frame-header">
        <h2>
          <span className="swatch" style={{ background: phaseColor(target.phaseId) }} aria-hidden="true" />
          Log lines behind {phaseLabel(target.phaseId)}
          <span className="muted">&nbsp;· {target.snapshotName}</span>
        </h2>
        <button type="button" className="button small" onClick={onClose}>
          Close
        </button>
      </header>
      {events.error ? <p className="error">{events.error}</p> : null}
      {events.loading && !events.data ? <div className="skeleton-block" style={{ height: 120 }} /> : null}
      {events.data && events.data.length === 0 ? (
        <p className="muted">No log lines: this value is derived or manual.</p>
      ) : null}
      {events.data && events.data.length > 0 ? (
        <div className={`log-lines${events.loading ? ' stale' : ''}`}>
          <table>
            <tbody>
              {events.data.map((e) => (
                <tr
                  key={`${e.line}-${e.message.slice(0, 20)}`}
                  className={highlight.has(e.line) ? 'hit' : undefined}
                >
                  <td className="num line-no">{e.line}</td>
                  <td className="num">{e.atS != null ? `${e.atS.toFixed(0)} s` : ''}</td>
                  <td className="proc">
                    {[e.process, e.pid ? `pid=${e.pid}` : null].filter(Boolean).join(' ')}
                  </td>
                  <td className="level">{e.level ?? ''}</td>
                  <td className="msg">{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
