// A mixed folder of real result files from several tools (GuideLLM, AIPerf, InferenceMAX,
// benchmark_serving.py with --metadata) imported through the real CLI into one database: one
// snapshot per real experiment, each saying which tool wrote it, sweeps as one snapshot of N points.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
    repeat: number | null;
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
    // names say the model, the tool when not vllm, and only what differs between one model's
    // experiments of the same folder; the report gives the same names
    expect(new Set(report.imported.map((x) => x.name))).toEqual(new Set(byName.keys()));
    expect([...byName.keys()].sort()).toEqual(
      [
        'GLM-5.1-MXFP4 · aiperf',
        'GLM-5.1-MXFP4 · sglang',
        'Llama-3.2-3B-Instruct · deployment=base',
        'Llama-3.2-3B-Instruct · deployment=kvcache',
        'Llama-3.2-3B-Instruct · deployment=no-features',
        'Qwen3-0.6B · aiperf',
        'Qwen3-30B-A3B · guidellm',
        'Qwen3.5-397B-A17B-FP8 · InferenceMAX · offloading=hicache',
        'Qwen3.5-397B-A17B-FP8 · InferenceMAX',
        'example_model · guidellm',
        'gpt-oss-20b · aiperf',
        'gpt-oss-20b · guidellm',
      ].sort(),
    );
    // which tool wrote each snapshot, with its version when the file says it
    const tool = (name: string) => byName.get(name)?.meta['tool'];
    expect(tool('Qwen3-30B-A3B · guidellm')).toBe('guidellm 0.5.0.dev0');
    expect(tool('GLM-5.1-MXFP4 · aiperf')).toBe('aiperf 0.8.0');
    expect(tool('Qwen3-0.6B · aiperf')).toBe('aiperf');
    expect(tool('Qwen3.5-397B-A17B-FP8 · InferenceMAX')).toBe('InferenceMAX');
    expect(byName.get('GLM-5.1-MXFP4 · aiperf')?.attributes['tool']).toBe('aiperf 0.8.0');
    // --metadata values are typed, filterable attributes
    // every parameter stays a typed, filterable attribute, named or not
    const base = [...byName.values()].find((s) => s.attributes['deployment'] === 'base');
    expect(base?.attributes).toMatchObject({
      backend: 'vllm',
      decode_replicas: 4,
      prefill_replicas: 0,
      gpu: '4xNVIDIA_L40S',
      gateway: 'kgateway',
      input_len: 1000,
      output_len: 500,
    });
    expect(byName.get('GLM-5.1-MXFP4 · sglang')?.attributes).toMatchObject({
      tp: 2,
      ep: 1,
      hw: 'mi355x',
      precision: 'fp4',
      scenario_type: 'agentic-coding',
    });

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
    const glm = cliJson<Shown>(db, 'show', String(byName.get('GLM-5.1-MXFP4 · sglang')?.id));
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

  it('keeps names and snapshots stable when a subset is imported again or an experiment is added later', () => {
    // the real JSON Lines file split into one file per deployment, in a generic `results/` folder
    const dir = join(mkdtempSync(join(tmpdir(), 'benchlens-names-')), 'lab', 'results');
    mkdirSync(dir, { recursive: true });
    const lines = readFileSync(join(RESULTS, 'vllm-metadata/results.json'), 'utf8').trim().split('\n');
    const byDeployment = new Map<string, string[]>();
    for (const l of lines) {
      const d = String((JSON.parse(l) as { deployment: string }).deployment);
      byDeployment.set(d, [...(byDeployment.get(d) ?? []), l]);
    }
    const file = (d: string) => join(dir, `${d}.jsonl`);
    for (const [d, ls] of byDeployment) writeFileSync(file(d), `${ls.join('\n')}\n`);
    const db = tempDb();
    const names = () =>
      cliJson<SnapshotSummary[]>(db, 'list')
        .map((s) => [s.id, s.name])
        .sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(cli(db, 'import', file('base'), file('kvcache')).code).toBe(0);
    const first = names();
    expect(first.map((x) => x[1])).toEqual([
      'Llama-3.2-3B-Instruct · deployment=base',
      'Llama-3.2-3B-Instruct · deployment=kvcache',
    ]);
    // a subset again: nothing new, names unchanged
    const subset = JSON.parse(cli(db, 'import', file('kvcache'), '--json').stdout) as ImportReport;
    expect(subset.imported).toEqual([]);
    expect(subset.unchanged).toHaveLength(3);
    expect(names()).toEqual(first);
    // one more experiment later: named by what sets it apart from the stored ones, which keep theirs
    const added = JSON.parse(cli(db, 'import', file('no-features'), '--json').stdout) as ImportReport;
    expect(new Set(added.imported.map((x) => x.name))).toEqual(
      new Set(['Llama-3.2-3B-Instruct · deployment=no-features']),
    );
    expect(names()).toEqual([
      ...first,
      [expect.any(Number), 'Llama-3.2-3B-Instruct · deployment=no-features'],
    ]);
    // the whole folder again: every result unchanged, no duplicate snapshot
    const again = JSON.parse(cli(db, 'import', dir, '--json').stdout) as ImportReport;
    expect(again.imported).toEqual([]);
    expect(again.unchanged).toHaveLength(9);
    expect(names()).toHaveLength(3);
    // one model alone in its folder: the model (and the tool when not vllm), nothing else
    const lone = join(mkdtempSync(join(tmpdir(), 'benchlens-names-')), 'results');
    mkdirSync(lone);
    copyFileSync(file('base'), join(lone, 'base.jsonl'));
    const db2 = tempDb();
    expect(cli(db2, 'import', lone).code).toBe(0);
    expect(cliJson<SnapshotSummary[]>(db2, 'list').map((s) => s.name)).toEqual(['Llama-3.2-3B-Instruct']);
  });

  it('groups InferenceMAX one-run files laid out as in their source repo (bmk_agentic_<name>/<name>.json) by what the runs are', () => {
    // the two fixtures moved back into their per-run folders (tests/fixtures/results/SOURCES.md)
    const repo = mkdtempSync(join(tmpdir(), 'benchlens-imax-'));
    const exp = join(repo, 'results/0603_sa/glm5.1-fp4-mi355x-sglang-agentic-hicache');
    const glm = join(RESULTS, 'inferencemax/glm5.1-agentic');
    const names = [
      'glm5.1_tp2_conc4_offloadnone_fp4_sglang_tp2-ep1-dpafalse_disagg-false_spec-none_conc4_mi355x-amds_03',
      'glm5.1_tp2_conc8_offloadnone_fp4_sglang_tp2-ep1-dpafalse_disagg-false_spec-none_conc8_mi355x-amds_05',
    ];
    for (const n of names) {
      mkdirSync(join(exp, `bmk_agentic_${n}`), { recursive: true });
      copyFileSync(join(glm, `${n}.json`), join(exp, `bmk_agentic_${n}`, `${n}.json`));
    }
    const db = tempDb();
    const report = JSON.parse(cli(db, 'import', repo, '--json').stdout) as ImportReport;
    expect(report.errors).toEqual([]);
    expect(report.imported).toHaveLength(2);
    const list = cliJson<SnapshotSummary[]>(db, 'list');
    expect(list.map((s) => s.name)).toEqual(['GLM-5.1-MXFP4 · sglang']);
    const points = cliJson<Shown>(db, 'show', String(list[0]?.id)).points;
    expect(points.map((p) => [p.file, p.concurrency]).sort()).toEqual([
      [`${names[0]}.json`, 4],
      [`${names[1]}.json`, 8],
    ]);
    // again: unchanged, the same single snapshot
    const again = JSON.parse(cli(db, 'import', repo, '--json').stdout) as ImportReport;
    expect(again.unchanged).toHaveLength(2);
    expect(cliJson<SnapshotSummary[]>(db, 'list')).toHaveLength(1);
  });

  it('vllm bench sweep: summary.json is read when its run=N.json files are absent, skipped as the same runs when present', () => {
    // the layout vllm/benchmarks/sweep/serve.py writes: <exp>/SERVE--…-BENCH--…/run=N.json, the
    // runs again as one summary.json list (each with run_number and the overrides), warmup.json
    const src = JSON.parse(
      readFileSync(join(ROOT, 'main/importers/vllm-bench-json/fixtures/rr2-detailed.json'), 'utf8'),
    ) as Record<string, unknown>;
    const exp = join(mkdtempSync(join(tmpdir(), 'benchlens-sweep-')), 'sweeps', '20260101_000000');
    const comb = (mc: number) => join(exp, `SERVE--max_num_seqs=4-BENCH--max_concurrency=${mc}`);
    for (const mc of [2, 4]) {
      mkdirSync(comb(mc), { recursive: true });
      const runs = [0, 1].map((n) => ({
        ...src,
        max_concurrency: mc,
        max_num_seqs: 4,
        run_number: n,
        mean_ttft_ms: 10 * mc + n,
      }));
      // concurrency 4 kept only its summary.json (run files deleted after the sweep)
      if (mc === 2) {
        runs.forEach((r, n) => writeFileSync(join(comb(mc), `run=${n}.json`), JSON.stringify(r)));
        writeFileSync(join(comb(mc), 'warmup.json'), JSON.stringify({ ...runs[0], run_number: -1 }));
      }
      writeFileSync(join(comb(mc), 'summary.json'), JSON.stringify(runs));
    }
    const db = tempDb();
    const report = JSON.parse(cli(db, 'import', exp, '--json').stdout) as ImportReport;
    expect(report.errors).toEqual([]);
    expect(report.imported.map((x) => x.file.split(/[\\/]/).slice(-2).join('/')).sort()).toEqual([
      'SERVE--max_num_seqs=4-BENCH--max_concurrency=2/run=0.json',
      'SERVE--max_num_seqs=4-BENCH--max_concurrency=2/run=1.json',
      'SERVE--max_num_seqs=4-BENCH--max_concurrency=4/summary.json#1',
      'SERVE--max_num_seqs=4-BENCH--max_concurrency=4/summary.json#2',
    ]);
    expect(report.skipped.map((x) => [x.file.split(/[\\/]/).pop(), x.reason]).sort()).toEqual([
      [
        'summary.json#1',
        'the same run as SERVE--max_num_seqs=4-BENCH--max_concurrency=2/run=0.json (vllm bench sweep writes summary.json from its run=N.json files)',
      ],
      [
        'summary.json#2',
        'the same run as SERVE--max_num_seqs=4-BENCH--max_concurrency=2/run=1.json (vllm bench sweep writes summary.json from its run=N.json files)',
      ],
      ['warmup.json', 'vllm bench sweep warm-up run (--warmup-num-prompts): not a measured point'],
    ]);
    // one serve combination: one snapshot; each bench folder's runs are their own points
    const list = cliJson<SnapshotSummary[]>(db, 'list');
    expect(list.map((s) => [s.name, s.attributes['serve.max_num_seqs']])).toEqual([['tiny-chat-7b', 4]]);
    const points = cliJson<Shown>(db, 'show', String(list[0]?.id)).points;
    expect(points.map((p) => [p.file, p.concurrency, p.repeat, p.metrics['mean_ttft_ms']]).sort()).toEqual([
      ['SERVE--max_num_seqs=4-BENCH--max_concurrency=2/run=0.json', 2, 0, 20],
      ['SERVE--max_num_seqs=4-BENCH--max_concurrency=2/run=1.json', 2, 1, 21],
      ['SERVE--max_num_seqs=4-BENCH--max_concurrency=4/run=0.json', 4, 0, 40],
      ['SERVE--max_num_seqs=4-BENCH--max_concurrency=4/run=1.json', 4, 1, 41],
    ]);
    // again: nothing new, still four points
    const again = JSON.parse(cli(db, 'import', exp, '--json').stdout) as ImportReport;
    expect(again.imported).toEqual([]);
    expect(cliJson<Shown>(db, 'show', String(list[0]?.id)).points).toHaveLength(4);
  });
});
