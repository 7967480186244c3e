// Figures of the real corpus (BENCHLENS_CORPUS) through the core's exportFigure: the grouped bars of the
// start-up runs carry the published speedups, the per-replica curves the published throughputs, and the
// prefill/decode Pareto figure divides by the GPUs of each layout (no assumed values).
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Output } from '../../shared/contract';
import { callMethod } from '../../main/core/call';
import { createCoreService } from '../../main/core/service';
import { tempDb } from './cli-helpers';

const corpus = process.env['BENCHLENS_CORPUS'];

describe.skipIf(!corpus)('corpus figures (BENCHLENS_CORPUS; skipped: variable not set)', () => {
  const svc = createCoreService({ dbPath: tempDb(), importInWorker: false });
  afterAll(() => svc.close());
  const svg = async (input: Record<string, unknown>): Promise<string> => {
    const out = (await callMethod(svc, 'exportFigure', {
      format: 'svg',
      ...input,
    })) as Output<'exportFigure'>;
    return Buffer.from(out.base64, 'base64').toString('utf8');
  };

  it('imports the three experiment folders', async () => {
    const root = corpus ?? '';
    const r = (await callMethod(svc, 'importPaths', {
      paths: ['replica_initialization', 'horizontal_scaling', 'prefill_decode'].map((d) => join(root, d)),
    })) as Output<'importPaths'>;
    expect(r.errors).toEqual([]);
  });

  it('groups the start-up runs by model with each run’s speedup over its model’s baseline', async () => {
    const text = await svg({
      snapshots: ['llama70b-base', 'llama70B-all', 'qwen235B-base', 'qwen235B-all'],
      figure: 'bars',
    });
    expect(text).toContain('data-group="Meta-Llama-3-70B"');
    expect(text).toContain('data-group="Qwen3-235B-A22B"');
    expect(text).toContain('>982 s<');
    expect(text).toContain('>3.78x<'); // 982 s → 260 s
    expect(text).toContain('>3.15x<'); // 347 s → 110 s
  });

  it('measures speedups against a chosen baseline per model, and refuses one not in the figure', async () => {
    const text = await svg({
      snapshots: ['llama70b-base', 'llama70b-s3-runai', 'llama70B-all', 'qwen235B-base', 'qwen235B-all'],
      figure: 'bars',
      baselines: ['llama70b-s3-runai'],
    });
    // llama: 225 s is the baseline; 347 s → 225/347 = 0.65x, 110 s → 2.05x; qwen keeps its "base" run
    expect(text).toContain('>0.65x<');
    expect(text).toContain('>2.05x<');
    expect(text).toContain('>3.78x<');
    expect(text.match(/data-baseline="true"/g)).toHaveLength(2);
    await expect(
      svg({ snapshots: ['llama70b-base', 'llama70B-all'], figure: 'bars', baselines: ['qwen235B-base'] }),
    ).rejects.toThrow(/baseline "qwen235B-base" is not one of the figure's snapshots/);
  });

  it('draws per-replica throughput with the replicas read from the experiment names', async () => {
    const text = await svg({
      snapshots: ['rayoss251-x2', 'rayoss251-x8'],
      figure: 'curves',
      normalise: 'replica',
    });
    // short labels: what differs between the two names; the full names in the note
    expect(text).toContain('A · x2 (÷ 2 replicas)');
    expect(text).toContain('B · x8 (÷ 8 replicas)');
    expect(text).toContain('Full names: A x2 = rayoss251-x2; B x8 = rayoss251-x8.');
    expect(text).not.toContain('Assumed');
  });

  it('compares prefill/decode layouts per GPU at matched interactivity', async () => {
    const text = await svg({
      snapshots: [
        'gptoss_itl5000_otl250_mixed_baseline_4xtp2',
        'gptoss_itl5000_otl250_mixed_pd_p1xtp2-d1xtp2',
      ],
      figure: 'pareto',
    });
    expect(text).toContain('(8 GPUs)');
    expect(text).toContain('(4 GPUs)');
    expect(text).toMatch(
      /B\/A \d\.\d\dx–\d\.\d\dx \(median \d\.\d\dx\) throughput per GPU at matched interactivity/,
    );
    expect(text).not.toContain('Assumed');
  });
});
