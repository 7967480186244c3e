// What a start-up snapshot's total measures, from the end marker its importer recorded, and whether the
// start-up completed: a failed or partial log must not be headlined as "replica start → first request".
// Pure: reads the snapshot's meta only.
import type { Meta } from '../../shared/model';

const END_LABELS: Readonly<Record<string, string>> = {
  first_request: 'first request',
  request_error: 'first request (an error)',
  app_ready: 'app ready',
  init_engine: 'engine ready',
  engine_failed: 'failure',
};

/** "Total (replica start → engine ready)"; a log without an end marker is "the span the log covers". */
export function startupTotalLabel(meta: Meta): string {
  const end = meta['endMarker'];
  if (typeof end === 'string' && END_LABELS[end]) return `Total (replica start → ${END_LABELS[end]})`;
  if (meta['startupStatus'] === 'failed') return 'Total (replica start → failure)';
  if (meta['startupStatus'] === 'partial') return 'Span the log covers (no end marker)';
  return 'Total (replica start → first request)';
}

export interface StartupStatusNote {
  status: 'failed' | 'partial';
  text: string;
}

/** A failed or partial start-up's status and reason, for a banner above its numbers; null when complete. */
export function startupStatusNote(meta: Meta): StartupStatusNote | null {
  const status = meta['startupStatus'];
  if (status !== 'failed' && status !== 'partial') return null;
  const raw = meta['startupStatusReason'];
  const reason = typeof raw === 'string' ? raw.trim() : '';
  if (status === 'failed') {
    // the parser's reason reads "failed at line 3: …": "Start-up failed at line 3: …", not "failed: failed"
    if (/^failed\b/i.test(reason)) return { status, text: `Start-up ${reason}` };
    return { status, text: reason === '' ? 'Start-up failed' : `Start-up failed: ${reason}` };
  }
  return { status, text: reason === '' ? 'Partial log' : `Partial log: ${reason}` };
}
