// A mixed folder of real result files from several tools (GuideLLM, AIPerf, InferenceMAX,
// benchmark_serving.py with --metadata) imported through the real CLI into one database: one
// snapshot per real experiment, each saying which tool wrote it, sweeps as one snapshot of N points.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSV_REASON } from '../../main/importers/aiperf-profile-export/importer';
import type { ImportReport, SnapshotSummary } from '../../shared/model';
import { ROOT, cli, cliJson, tempDb } from './cli-helpers';

const RESULTS = join(ROOT, 'tests/fixtures/results');

interface Shown {
  points: {
    file: string;
    concurrency: number | null;
    requestRate: number | null;
    rateInfinite: boolean;
    metrics: Record<string, unknown>;
  }[];
}

describe('results of several tools in one folder, through the CLI', () => {
  it('gives one snapshot per real experiment, named after the model and what the run is', () => {
    const db = tempDb();
    const r = cli(db, 'import', RESULTS, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ImportReport;
    expect(report.errors).toEqual([]);
    // 3 GuideLLM + 5 AIPerf + 4 InferenceMAX points + 9 JSON Lines results
    expect(report.imported).toHaveLength(21);
    expect(report.skipped.map((s) => [s.file.split('/').pop(), s.reason]).sort()).toEqual([
      ['SOURCES.md', 'code or prose, not a result'],
      ['profile_export_aiperf.csv', CSV_REASON],
    ]);
    const list = cliJson<SnapshotSummary[]>(db, 'list');
    const byName = new Map(list.map((s) => [s.name, s]));
    expect([...byName.keys()].sort()).toEqual([
      'GLM-5.1-MXFP4 · aiperf · tp=2',
      'GLM-5.1-MXFP4 · sglang · tp=2 hw=mi355x precision=fp4 ep=1 scenario_type=agentic-coding',
      'Llama-3.2-3B-Instruct · vllm · deployment=base gpu=4xNVIDIA_L40S gateway=kgateway prefill_replicas=0 decode_replicas=4 input_len=1000 output_len=500',
      'Llama-3.2-3B-Instruct · vllm · deployment=kvcache gpu=4xNVIDIA_L40S gateway=kgateway prefill_replicas=0 decode_replicas=4 input_len=1000 output_len=500',
      'Llama-3.2-3B-Instruct · vllm · deployment=no-features gpu=4xNVIDIA_L40S gateway=kgateway prefill_replicas=0 decode_replicas=4 input_len=1000 output_len=500',
      'Qwen3-0.6B · aiperf',
      'Qwen3-30B-A3B · guidellm · profile=synchronous data=/root/aime_2024_v2.jsonl',
      'Qwen3.5-397B-A17B-FP8 · hw=mi300x tp=8 ep=1 offloading=hicache scenario_type=agentic-coding',
      'Qwen3.5-397B-A17B-FP8 · hw=mi300x tp=8 ep=1 scenario_type=agentic-coding',
      'example_model · guidellm · profile=sweep data=prompt_tokens=256,output_tokens=128',
      'gpt-oss-20b · aiperf',
      'gpt-oss-20b · guidellm · profile=synchronous data=/root/aime_2024_v2.jsonl',
    ]);
    // which tool wrote each snapshot, with its version when the file says it
    const tool = (name: string) => byName.get(name)?.meta['tool'];
    expect(tool('Qwen3-30B-A3B · guidellm · profile=synchronous data=/root/aime_2024_v2.jsonl')).toBe(
      'guidellm 0.5.0.dev0',
    );
    expect(tool('GLM-5.1-MXFP4 · aiperf · tp=2')).toBe('aiperf 0.8.0');
    expect(tool('Qwen3-0.6B · aiperf')).toBe('aiperf');
    expect(tool('Qwen3.5-397B-A17B-FP8 · hw=mi300x tp=8 ep=1 scenario_type=agentic-coding')).toBe(
      'InferenceMAX',
    );
    expect(byName.get('GLM-5.1-MXFP4 · aiperf · tp=2')?.attributes['tool']).toBe('aiperf 0.8.0');
    // --metadata values are typed, filterable attributes
    const base = [...byName.values()].find((s) => s.attributes['deployment'] === 'base');
    expect(base?.attributes).toMatchObject({ decode_replicas: 4, prefill_replicas: 0, gpu: '4xNVIDIA_L40S' });

    // the AIPerf concurrency sweep: one snapshot, one point per artifact folder
    const sweep = cliJson<Shown>(db, 'show', String(byName.get('Qwen3-0.6B · aiperf')?.id));
    expect(
      sweep.points
        .map((p) => [p.file, p.concurrency, p.metrics['mean_ttft_ms']])
        .sort((a, b) => Number(a[1]) - Number(b[1])),
    ).toEqual([
      ['qwen_concurrency1.json', 1, 30.814987671875],
      ['qwen_concurrency2.json', 2, 36.455307999999995],
      ['qwen_concurrency4.json', 4, 49.838312015625],
    ]);
    // one deployment's rate sweep out of the JSON Lines file: 10, 30 and inf requests/s
    const kv = [...byName.values()].find((s) => s.attributes['deployment'] === 'kvcache');
    const rates = cliJson<Shown>(db, 'show', String(kv?.id)).points.map((p) => [
      p.file,
      p.requestRate,
      p.rateInfinite,
    ]);
    expect(rates.sort()).toEqual([
      ['results.json#7', 10, false],
      ['results.json#8', 30, false],
      ['results.json#9', null, true],
    ]);
    // InferenceMAX points of one configuration, seconds read as ms
    const glm = cliJson<Shown>(
      db,
      'show',
      String(
        byName.get('GLM-5.1-MXFP4 · sglang · tp=2 hw=mi355x precision=fp4 ep=1 scenario_type=agentic-coding')
          ?.id,
      ),
    );
    expect(glm.points.map((p) => [p.concurrency, p.metrics['mean_ttft_ms']]).sort()).toEqual([
      [4, 1302.5129366156464],
      [8, 25165.309598402986],
    ]);
  });

  it('imports the same folder again as unchanged', () => {
    const db = tempDb();
    expect(cli(db, 'import', RESULTS).code).toBe(0);
    const again = JSON.parse(cli(db, 'import', RESULTS, '--json').stdout) as ImportReport;
    expect(again.imported).toEqual([]);
    expect(again.unchanged).toHaveLength(21);
  });
});
