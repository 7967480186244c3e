// Tests for shared/format.ts: the exact strings the UI, tables and exports show.
import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDuration,
  formatPercent,
  formatSeconds,
  formatSecondsExact,
  formatSecondsNumber,
  formatSpeedup,
} from './format';

describe('format', () => {
  it('formats compact seconds', () => {
    expect(formatSeconds(982.3)).toBe('982 s');
    expect(formatSeconds(77.94)).toBe('77.9 s');
    expect(formatSeconds(44)).toBe('44 s');
    expect(formatSeconds(5.8)).toBe('5.8 s');
    expect(formatSeconds(0.04)).toBe('0.04 s');
    expect(formatSeconds(0)).toBe('0 s');
    expect(formatSeconds(null)).toBe('—');
  });
  it('formats exact seconds', () => {
    expect(formatSecondsExact(758.2)).toBe('758.2 s');
    expect(formatSecondsExact(982)).toBe('982.0 s');
    expect(formatSecondsExact(0.5)).toBe('0.50 s');
    expect(formatSecondsNumber(758.24)).toBe('758.2');
    expect(formatSecondsNumber(null)).toBe('');
  });
  it('formats durations', () => {
    expect(formatDuration(982)).toBe('16 min 22 s');
    expect(formatDuration(260)).toBe('4 min 20 s');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(3720)).toBe('1 h 2 min');
    expect(formatDuration(-722)).toBe('-12 min 2 s');
  });
  it('formats speedups and percentages', () => {
    expect(formatSpeedup(982 / 260)).toBe('3.78x');
    expect(formatSpeedup(3.7769)).toBe('3.78x');
    expect(formatSpeedup(1)).toBe('1.00x');
    expect(formatSpeedup(null)).toBe('—');
    expect(formatPercent(0.873)).toBe('87%');
    expect(formatPercent(-0.02)).toBe('-2%');
  });
  it('formats bytes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(43617)).toBe('43.6 kB');
    expect(formatBytes(12_300_000)).toBe('12.3 MB');
  });
});
