import { describe, expect, it } from 'vitest';
import { namesRanks, processLabel } from './rank-label';

describe('processLabel', () => {
  it('names a rank only where the log says it, else the process id', () => {
    expect(processLabel('280118')).toBe('process 280118');
    expect(processLabel('(RayWorkerWrapper pid=280118)')).toBe('process 280118');
    expect(processLabel('VllmWorker Worker_TP1')).toBe('TP rank 1');
    expect(processLabel('Worker_TP0 pid=12')).toBe('TP rank 0');
    expect(processLabel('rank=3')).toBe('rank 3');
    expect(processLabel('DP0')).toBe('DP rank 0');
    expect(processLabel('DPEngineCore_DP1 pid=40')).toBe('DP rank 1');
    expect(processLabel('Worker_DP1_TP0_EP8 pid=1264')).toBe('rank DP1·TP0·EP8');
    expect(processLabel('Worker_TP0_DCP0_EP0 pid=64160')).toBe('rank TP0·DCP0·EP0');
    expect(processLabel('main#2')).toBe('unprefixed process 2');
    expect(processLabel('main')).toBe('main');
    expect(namesRanks(['Worker_TP0', 'Worker_TP1'])).toBe(true);
    expect(namesRanks(['280117', '280118'])).toBe(false);
  });
});
