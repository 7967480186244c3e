// vLLM's OpenTelemetry start-up spans exported as OTLP/JSON (vLLM PR #31162: `@instrument` spans
// such as "Load model", "Capture model", "Prepare model"): one start-up snapshot per trace, phases
// from the spans vLLM names (SPAN_PHASES), every other span kept as a named event with its parent.
// Reads one ExportTraceServiceRequest or several as JSON Lines (the collector's file exporter).
// "Line" numbers of values and events are span ordinals (the n-th span of the file), since several
// spans share one physical line in the exporters' output; each event names its file line.
import { z } from 'zod';
import type { MetaValue, RankValue } from '../../../shared/model';
import { lineOf, measuredStartupResult } from '../vllm-bench-startup/startup-result';
import type { StartupParseResult } from '../vllm-startup-log/parser';

const Nanos = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]);

const AnyValue: z.ZodType<unknown> = z
  .object({
    stringValue: z.string().optional(),
    intValue: z.union([z.string(), z.number()]).optional(),
    doubleValue: z.union([z.number(), z.string()]).optional(),
    boolValue: z.boolean().optional(),
  })
  .passthrough();
const KeyValue = z.object({ key: z.string(), value: AnyValue.optional() });

const Span = z
  .object({
    traceId: z.string(),
    spanId: z.string(),
    parentSpanId: z.string().optional(),
    name: z.string(),
    startTimeUnixNano: Nanos,
    endTimeUnixNano: Nanos,
    attributes: z.array(KeyValue).optional(),
  })
  .passthrough();

/** The OTLP/JSON trace export (opentelemetry-proto ExportTraceServiceRequest, JSON mapping). */
export const OtlpTraces = z.object({
  resourceSpans: z.array(
    z
      .object({
        resource: z
          .object({ attributes: z.array(KeyValue).optional() })
          .passthrough()
          .optional(),
        scopeSpans: z
          .array(
            z
              .object({
                scope: z.object({ name: z.string().optional() }).passthrough().optional(),
                spans: z.array(Span).optional(),
              })
              .passthrough(),
          )
          .optional(),
      })
      .passthrough(),
  ),
});
export type OtlpTraces = z.infer<typeof OtlpTraces>;

/**
 * Span names vLLM emits during start-up → the measure they feed, with where vLLM names them
 * (`@instrument(span_name=…)` / `instrument_manual(…)`). Loader variants ("Load weights (zerocopy)",
 * "Download weights - HF") match by their opening words.
 */
export const SPAN_PHASES: readonly { name: RegExp; measure: string; source: string }[] = [
  { name: /^Load model$/, measure: 'model_loading', source: 'model_loader/base_loader.py load_model' },
  {
    name: /^Load weights\b/,
    measure: 'weights_load',
    source: 'model_loader/default_loader.py load_weights (and other loaders\' "Load weights (…)")',
  },
  {
    name: /^Download weights(?: - |$)/,
    measure: 'weights_download',
    source: 'model_loader/weight_utils.py download_weights_from_hf ("Download weights - HF")',
  },
  {
    name: /^Dynamo bytecode transform$/,
    measure: 'dynamo_transform',
    source: 'compilation/backends.py VllmBackend.__call__ (instrument_manual, dynamo.time_seconds)',
  },
  {
    name: /^Compile graph$/,
    measure: 'inductor_compile',
    source: 'compilation/backends.py compile (per graph)',
  },
  {
    name: /^Capture model$/,
    measure: 'cuda_graph_capture',
    source: 'v1/worker/gpu_model_runner.py capture_model',
  },
  {
    name: /^Prepare model$/,
    measure: 'init_engine',
    source: 'v1/engine/core.py _initialize_kv_caches (what "init engine … took" times)',
  },
];

/** The measure a span feeds, or null for a span kept as a named event. */
export function spanMeasure(name: string): string | null {
  return SPAN_PHASES.find((p) => p.name.test(name))?.measure ?? null;
}
/** The span that covers the engine's whole start (make_async_mp_client / LLMEngine init). */
export const TOTAL_SPANS: readonly string[] = ['Overall Loading'];
/** Spans that are never start-up (request tracing): a trace of only these is not a start-up. */
const REQUEST_SPANS = /^(?:llm_request|llm_core|nixl\.|omni_request|diffusion_request)/;

export const OTLP_KEYS = /"resourceSpans"\s*:/;

interface FlatSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  start: bigint;
  end: bigint;
  attributes: Record<string, MetaValue>;
  /** The process that emitted it: its resource's name and pid, as the log parser names ranks. */
  rank: string;
  service: string;
  /** 1-based ordinal of the span in the file (unique: events and phases refer to it). */
  line: number;
  /** 1-based physical line of the file holding the span. */
  fileLine: number;
}

function anyValue(v: unknown): MetaValue {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o['stringValue'] === 'string') return o['stringValue'];
  if (o['intValue'] !== undefined) return Number(o['intValue']);
  if (o['doubleValue'] !== undefined) return Number(o['doubleValue']);
  if (typeof o['boolValue'] === 'boolean') return o['boolValue'];
  return JSON.stringify(o);
}

function attrs(kvs: readonly { key: string; value?: unknown }[] | undefined): Record<string, MetaValue> {
  const out: Record<string, MetaValue> = {};
  for (const kv of kvs ?? []) out[kv.key] = anyValue(kv.value);
  return out;
}

/** "Worker_TP1 pid=302" when the resource names the process and its pid (rank-label reads both). */
function rankOf(res: Record<string, MetaValue>): string {
  const name = res['vllm.process_name'] ?? res['process.name'] ?? res['process.executable.name'] ?? null;
  const pid = res['process.pid'] ?? null;
  if (name !== null && pid !== null) return `${String(name)} pid=${String(pid)}`;
  if (pid !== null) return String(pid);
  if (name !== null) return String(name);
  const inst = res['service.instance.id'];
  return inst === undefined || inst === null ? 'main' : String(inst);
}

/** The requests of a file: one JSON document, or JSON Lines of them. Throws naming the line. */
function readRequests(text: string): { doc: OtlpTraces; line: number }[] {
  const one = (src: string, line: number) => {
    let raw: unknown;
    try {
      raw = JSON.parse(src);
    } catch (e) {
      throw new Error(`invalid JSON at line ${line}: ${(e as Error).message}`);
    }
    const p = OtlpTraces.safeParse(raw);
    if (!p.success) {
      const i = p.error.issues[0];
      throw new Error(
        `not an OTLP/JSON trace export at line ${line}: ${i?.path.join('.') ?? ''} ${i?.message ?? ''}`,
      );
    }
    return { doc: p.data, line };
  };
  try {
    return [one(text, 1)];
  } catch (whole) {
    const lines = text.split('\n');
    if (lines.filter((l) => l.trim() !== '').length < 2) throw whole;
    return lines.flatMap((l, i) => (l.trim() === '' ? [] : [one(l, i + 1)]));
  }
}

const nanos = (v: string | number): bigint => BigInt(v);
const secs = (ns: bigint): number => Number(ns) / 1e9;
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** One start-up result per trace holding a start-up span; throws when the file holds none. */
export function otlpStartupResults(text: string): StartupParseResult[] {
  const spans: FlatSpan[] = [];
  const requests = readRequests(text);
  const multiLine = requests.length > 1;
  for (const { doc, line } of requests) {
    for (const rs of doc.resourceSpans) {
      const res = attrs(rs.resource?.attributes);
      const rank = rankOf(res);
      const service = String(res['service.name'] ?? 'unknown service');
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          spans.push({
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId ?? '',
            name: s.name,
            start: nanos(s.startTimeUnixNano),
            end: nanos(s.endTimeUnixNano),
            attributes: attrs(s.attributes),
            rank,
            service,
            line: spans.length + 1,
            fileLine: multiLine ? line : lineOf(text, `"${s.spanId}"`),
          });
        }
      }
    }
  }
  const traces = new Map<string, FlatSpan[]>();
  for (const s of spans) {
    const t = traces.get(s.traceId);
    if (t) t.push(s);
    else traces.set(s.traceId, [s]);
  }
  const startups = [...traces.entries()].filter(([, ss]) => ss.some((s) => !REQUEST_SPANS.test(s.name)));
  if (startups.length === 0)
    throw new Error(
      spans.length === 0
        ? 'OTLP trace export without any span'
        : 'OTLP trace export without a vLLM start-up span (request spans only)',
    );
  const skipped = traces.size - startups.length;
  const lines = text.split('\n').length;
  return startups.map(([traceId, all]) => {
    const ss = all.filter((s) => !REQUEST_SPANS.test(s.name));
    const t0 = ss.reduce((a, s) => (s.start < a ? s.start : a), ss[0]?.start ?? 0n);
    const byId = new Map(ss.map((s) => [s.spanId, s]));
    const issues: StartupParseResult['issues'] = [];
    const values: Record<string, RankValue[]> = {};
    const put = (key: string, s: FlatSpan, valueS: number, sum: boolean) => {
      const list = (values[key] ??= []);
      const cur = list.find((v) => v.rank === s.rank);
      if (cur && sum) cur.valueS = round(cur.valueS + valueS);
      else if (cur) {
        if (valueS > cur.valueS) Object.assign(cur, { valueS, atS: round(secs(s.start - t0)), line: s.line });
      } else
        list.push({
          rank: s.rank,
          valueS: round(valueS),
          repeated: 0,
          atS: round(secs(s.start - t0)),
          line: s.line,
        });
    };
    for (const s of ss) {
      if (s.end < s.start) {
        issues.push({ line: s.line, message: `span "${s.name}" ends before it starts: not read` });
        continue;
      }
      const key = spanMeasure(s.name);
      if (key) put(key, s, secs(s.end - s.start), key === 'inductor_compile');
    }
    // torch.compile's total is Dynamo's transform plus every graph compile of the rank (what
    // vLLM's "torch.compile took X s in total" sums), so it is read only when both kinds are there
    const dyn = values['dynamo_transform'] ?? [];
    const ind = values['inductor_compile'] ?? [];
    if (dyn.length > 0 && ind.length > 0) {
      values['torch_compile'] = dyn.flatMap((d) => {
        const i = ind.find((v) => v.rank === d.rank);
        return i ? [{ ...d, valueS: round(d.valueS + i.valueS) }] : [];
      });
      if (values['torch_compile'].length === 0) delete values['torch_compile'];
    }
    const totalSpan = ss
      .filter((s) => TOTAL_SPANS.includes(s.name))
      .reduce<FlatSpan | null>((a, s) => (a === null || s.end > a.end ? s : a), null);
    const lastEnd = ss.reduce((a, s) => (s.end > a ? s.end : a), t0);
    const endNs = totalSpan ? (totalSpan.end > lastEnd ? totalSpan.end : lastEnd) : lastEnd;
    const events = ss
      .map((s) => {
        const parent = byId.get(s.parentSpanId);
        const durationS = round(secs(s.end - s.start));
        const extra = Object.entries(s.attributes)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ');
        return {
          line: s.line,
          atS: round(secs(s.start - t0)),
          process: s.rank,
          pid: null,
          level: 'INFO',
          message: `span "${s.name}" ${durationS} s${parent ? ` (in "${parent.name}")` : ''}${
            spanMeasure(s.name) ? ` → ${spanMeasure(s.name) ?? ''}` : ''
          }${extra ? ` [${extra}]` : ''} (file line ${s.fileLine})`,
        };
      })
      .sort((a, b) => a.atS - b.atS || a.line - b.line);
    if (skipped > 0)
      issues.push({
        line: null,
        message: `${skipped} trace(s) of request spans only: not start-ups, not read`,
      });
    const services = [...new Set(ss.map((s) => s.service))];
    const shortId = traceId.slice(0, 8);
    return measuredStartupResult({
      engine: startups.length > 1 ? `${services.join('+')} trace ${shortId}` : null,
      totalS: round(secs(endNs - t0)),
      totalLine: totalSpan?.line ?? ss[0]?.line ?? 1,
      values,
      meta: {
        traceTool: 'OpenTelemetry (OTLP/JSON)',
        traceId,
        service: services.join(', '),
        spans: ss.length,
      },
      events,
      issues,
      lines,
      ...(totalSpan
        ? {}
        : {
            partialReason:
              'no "Overall Loading" span (the engine start): the total is the span the trace covers',
          }),
    });
  });
}
