// Labels of a start-up total by end marker and the failed/partial banner text.
import { describe, expect, it } from 'vitest';
import { startupStatusNote, startupTotalLabel } from './startup-status';

describe('startupTotalLabel', () => {
  it('names the end the total runs to', () => {
    expect(startupTotalLabel({ endMarker: 'first_request' })).toBe('Total (replica start → first request)');
    expect(startupTotalLabel({ endMarker: 'init_engine', startupStatus: 'complete' })).toBe(
      'Total (replica start → engine ready)',
    );
    expect(startupTotalLabel({ endMarker: 'engine_failed', startupStatus: 'failed' })).toBe(
      'Total (replica start → failure)',
    );
  });
  it('does not claim a first request for a partial log without an end marker', () => {
    expect(startupTotalLabel({ endMarker: null, startupStatus: 'partial' })).toBe(
      'Span the log covers (no end marker)',
    );
  });
  it('keeps the historical label for a snapshot with no end marker recorded', () => {
    expect(startupTotalLabel({})).toBe('Total (replica start → first request)');
  });
});

describe('startupStatusNote', () => {
  it('says a start-up failed, with the reason', () => {
    expect(
      startupStatusNote({
        startupStatus: 'failed',
        startupStatusReason: 'failed at line 3: CUDA out of memory',
      }),
    ).toEqual({ status: 'failed', text: 'Start-up failed at line 3: CUDA out of memory' });
    expect(startupStatusNote({ startupStatus: 'failed', startupStatusReason: 'OOM' })).toEqual({
      status: 'failed',
      text: 'Start-up failed: OOM',
    });
  });
  it('says a log is partial; nothing for a complete one', () => {
    expect(startupStatusNote({ startupStatus: 'partial' })).toEqual({
      status: 'partial',
      text: 'Partial log',
    });
    expect(startupStatusNote({ startupStatus: 'complete' })).toBeNull();
    expect(startupStatusNote({})).toBeNull();
  });
});
