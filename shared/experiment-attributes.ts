// Reads the experiment naming grammars of ray-serve-llm-perf-examples (and close relatives) into
// structured, filterable attributes: `rayoss251-x4/part2/conc16`, `gptoss_itl5000_otl250_mixed_pd_
// p1xtp2-d3xtp2`, `conc32_rr1`, `rr9-1`…, `vllm bench sweep` folders (`SERVE--k=v-BENCH--k=v/run=N`)
// and vLLM's default result file name; and groups result files into experiments by what the runs
// are (model, backend, serve parameters), not by folder alone. Unknown names yield what could be read. Pure.

export type AttrValue = string | number | boolean | null;
export type Attributes = Record<string, AttrValue>;

const RAY = /^ray(oss|turbo)(\d)(\d+)-x(\d+)$/i;
const PART = /^part(\d+)$/i;
const POINT = /^(?:conc(\d+))?(?:_?rr(\d+(?:\.\d+)?)(?:-(\d+))?)?$/i;
const GPU_TYPE = /^(H100|H200|H20|A100|A10G?|L4|L40S?|B200|GB200|MI300X?)$/i;
const MODES = new Set(['mixed', 'decode-only', 'prefill-only']);
const LAYOUT_WORDS = new Set(['pd', 'baseline', 'pack', 'packed', 'spread', 'collocated']);
const TRANSPORTS = new Set(['ucx', 'ucx120', 'libfabric', 'tcp', 'srd', 'nixl', 'lmcache']);

/** `p1xtp2-d3xtp2`, `1ptp2-3dtp2`, `1xtp2-3xtp2` (prefill-decode) or `2xtp4` (replicas × TP). */
function readLayout(token: string, out: Attributes): boolean {
  let m =
    /^p(\d+)xtp(ep)?(\d+)-d(\d+)xtp(ep)?(\d+)$/i.exec(token) ??
    /^(\d+)ptp(ep)?(\d+)-(\d+)dtp(ep)?(\d+)$/i.exec(token);
  if (!m) m = /^(\d+)xtp(ep)?(\d+)-(\d+)xtp(ep)?(\d+)$/i.exec(token);
  if (m) {
    const [pN, pTp, dN, dTp] = [Number(m[1]), Number(m[3]), Number(m[4]), Number(m[6])];
    Object.assign(out, {
      prefillInstances: pN,
      prefillTp: pTp,
      decodeInstances: dN,
      decodeTp: dTp,
      gpus: pN * pTp + dN * dTp,
      disaggregated: true,
    });
    if (m[2] || m[5]) out['expertParallel'] = true;
    return true;
  }
  const r = /^(\d+)xtp(ep)?(\d+)$/i.exec(token);
  if (r) {
    const [n, tp] = [Number(r[1]), Number(r[3])];
    Object.assign(out, { replicas: n, tp, gpus: n * tp, disaggregated: false });
    if (r[2]) out['expertParallel'] = true;
    return true;
  }
  const pd = /^(?:[a-z0-9]+-)?(\d+)p(\d+)d$/i.exec(token);
  if (pd) {
    Object.assign(out, {
      prefillInstances: Number(pd[1]),
      decodeInstances: Number(pd[2]),
      disaggregated: true,
    });
    return true;
  }
  const tp = /^(?:[a-z0-9]+-)?tp(\d+)$/i.exec(token);
  if (tp) {
    out['tp'] = Number(tp[1]);
    return true;
  }
  return false;
}

/** Attributes of an experiment folder name. */
export function experimentAttributes(folder: string): Attributes {
  const out: Attributes = {};
  const ray = RAY.exec(folder);
  if (ray) {
    out['runtime'] = `ray${(ray[1] ?? '').toLowerCase()}`;
    out['rayVersion'] = `${ray[2]}.${ray[3]}`;
    out['replicas'] = Number(ray[4]);
    return out;
  }
  const tokens = folder.split('_').filter(Boolean);
  const tags: string[] = [];
  tokens.forEach((tok, i) => {
    const lower = tok.toLowerCase();
    let m: RegExpExecArray | null;
    if ((m = /^itl(\d+)$/i.exec(tok))) out['inputTokens'] = Number(m[1]);
    else if ((m = /^otl(\d+)$/i.exec(tok))) out['outputTokens'] = Number(m[1]);
    else if (GPU_TYPE.test(tok)) out['gpuType'] = tok.toUpperCase();
    else if (MODES.has(lower)) out['mode'] = lower;
    else if (LAYOUT_WORDS.has(lower))
      out['layout'] = out['layout'] ? `${String(out['layout'])} ${lower}` : lower;
    else if (i === 0 && /^[a-z][a-z0-9.-]*$/i.test(tok) && !/^itl|^otl/i.test(tok)) out['model'] = lower;
    else {
      // a layout possibly followed by -suffixes: 1xtp4-1xtp4-spread-ucx120, gptoss-1p1d-nixl-lmcache
      const parts = tok.split('-');
      let used = false;
      for (let n = parts.length; n >= 1 && !used; n--) {
        for (let s = 0; s + n <= parts.length && !used; s++) {
          if (readLayout(parts.slice(s, s + n).join('-'), out)) {
            used = true;
            const rest = [...parts.slice(0, s), ...parts.slice(s + n)];
            for (const r of rest) addTag(r.toLowerCase(), out, tags);
          }
        }
      }
      if (!used) for (const r of parts) addTag(r.toLowerCase(), out, tags);
    }
  });
  if (tags.length > 0) out['tags'] = tags.join(' ');
  return out;
}

function addTag(t: string, out: Attributes, tags: string[]): void {
  if (!t || t === out['model']) return;
  if (TRANSPORTS.has(t)) out['transport'] = out['transport'] ? `${String(out['transport'])} ${t}` : t;
  else if (LAYOUT_WORDS.has(t)) out['layout'] = out['layout'] ? `${String(out['layout'])} ${t}` : t;
  else if (MODES.has(t)) out['mode'] = t;
  else tags.push(t);
}

/** Attributes of a client-part folder (`part2`, `all-parts`). */
export function partAttributes(folder: string): Attributes | null {
  const p = PART.exec(folder);
  if (p) return { part: Number(p[1]), aggregate: false };
  if (/^all-parts$/i.test(folder)) return { part: null, aggregate: true };
  return null;
}

/** vLLM's default: `<backend>-<rate>qps[-concurrency<N>]-<model>-<YYYYMMDD-HHMMSS>`. */
const VLLM_DEFAULT_NAME =
  /^([a-z][\w.]*(?:-[a-z][\w.]*)?)-(inf|\d+(?:\.\d+)?)qps(?:-concurrency(\d+))?-(.+)-(\d{8}-\d{6})$/i;
/** `run=3` (vllm bench sweep repeats). */
const SWEEP_RUN = /^run=(\d+)$/i;

/** Attributes of a result file name (without .json): `conc16`, `conc32_rr1`, `rr9-1`, `run=2`, vLLM's default. */
export function pointAttributes(stem: string): Attributes {
  const run = SWEEP_RUN.exec(stem);
  if (run) return { repeat: Number(run[1]) };
  const d = VLLM_DEFAULT_NAME.exec(stem);
  if (d) {
    const out: Attributes = { backend: d[1] ?? null, model: d[4] ?? null, date: d[5] ?? null };
    if (d[2] === 'inf') out['rateInfinite'] = true;
    else out['requestRate'] = Number(d[2]);
    if (d[3]) out['concurrency'] = Number(d[3]);
    return out;
  }
  const m = POINT.exec(stem);
  if (!m || (!m[1] && !m[2])) return runTokens(stem);
  const out: Attributes = {};
  if (m[1]) out['concurrency'] = Number(m[1]);
  if (m[2]) out['requestRate'] = Number(m[2]);
  if (m[3]) out['repeat'] = Number(m[3]);
  return out;
}

/** InferenceMAX-style `…_tp8_ep1_…_conc4_b200`: read only when two or more tokens are known. */
function runTokens(stem: string): Attributes {
  const out: Attributes = {};
  let known = 0;
  for (const tok of stem.split('_')) {
    const m = /^(tp|ep|dp|pp|conc|isl|osl)(\d+)$/i.exec(tok);
    if (m) {
      const key = {
        tp: 'tp',
        ep: 'ep',
        dp: 'dp',
        pp: 'pp',
        conc: 'concurrency',
        isl: 'inputTokens',
        osl: 'outputTokens',
      }[(m[1] ?? '').toLowerCase() as 'tp'];
      out[key] = Number(m[2]);
      known++;
    } else if (GPU_TYPE.test(tok)) {
      out['gpuType'] = tok.toUpperCase();
      known++;
    }
  }
  return known >= 2 ? out : {};
}

/** Point-level keys of a file name (where on the curve), as opposed to what the run is. */
const POINT_KEYS = new Set([
  'concurrency',
  'requestRate',
  'rateInfinite',
  'repeat',
  'date',
  'backend',
  'model',
]);

/** A value from a name, typed when numeric ("4" → 4, "true" → true). */
function typed(v: string): AttrValue {
  if (/^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(v)) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  if (v === 'None' || v === 'null') return null;
  return v;
}

/** `k1=v1-k2=v2` where values may hold dashes: split only before the next `key=`. */
function keyValues(s: string): Attributes {
  const out: Attributes = {};
  for (const kv of s.split(/-(?=[A-Za-z_][\w.]*=)/)) {
    const i = kv.indexOf('=');
    if (i > 0) out[kv.slice(0, i)] = typed(kv.slice(i + 1));
  }
  return out;
}

/** `vllm bench sweep` folder: `SERVE--max_num_seqs=4-BENCH--max_concurrency=2-num_prompts=8`. */
export function sweepAttributes(folder: string): { serve: Attributes; bench: Attributes } | null {
  const m = /^(?:SERVE--(.*?))?(?:-?BENCH--(.*))?$/.exec(folder);
  if (!m || (m[1] === undefined && m[2] === undefined)) return null;
  return { serve: keyValues(m[1] ?? ''), bench: keyValues(m[2] ?? '') };
}

/** Folder names that say nothing about the experiment: results are grouped by the runs themselves. */
const GENERIC_FOLDER =
  /^(?:results?|logs?|outputs?|out|runs?|data|serving|sweeps?|tmp|perf|bench(?:mark)?s?(?:[_-]?(?:results?|outputs?))?|perf[_-]results?)$/i;

export interface RunIdentity {
  /** `model_id` of the result file. */
  modelId: string | null;
  /** `backend` (the client's server kind: vllm, openai, openai-chat, sglang…). */
  backend: string | null;
  /** `label` the user gave the run, if any. */
  label: string | null;
}

export interface ServingExperiment {
  /** Groups files: the folder's key plus what the runs are. */
  key: string;
  /** Every parameter that sets this experiment apart (the name before `namesByWhatVaries`). */
  name: string;
  attributes: Attributes;
  /**
   * Experiments named after their runs (not a descriptive folder) share this scope with the other
   * experiments of the same folder; their key starts with `${scope}#`. Null: the folder is the name.
   */
  scope: string | null;
}

const short = (model: string) => model.replace(/\/+$/, '').split('/').pop() ?? model;

/**
 * The experiment a result file belongs to. Files in one folder are one experiment only when they are
 * the same model, backend, label and (for `vllm bench sweep`) the same serve parameters; a generic
 * folder (`results/`) is never the name.
 */
export function servingExperiment(
  folderKey: string,
  folder: string,
  run: RunIdentity,
  fromFile: Attributes,
): ServingExperiment {
  const sweep = sweepAttributes(folder);
  const modelId = run.modelId ?? (typeof fromFile['model'] === 'string' ? fromFile['model'] : null);
  const backend = run.backend ?? (typeof fromFile['backend'] === 'string' ? fromFile['backend'] : null);
  // what a file name says the run is (tp8, ep1, b200…) splits experiments like the model does
  const fileConfig = Object.entries(fromFile).filter(([k]) => !POINT_KEYS.has(k));
  const identity = [
    modelId ?? '',
    backend ?? '',
    run.label ?? '',
    ...fileConfig.map(([k, v]) => `${k}=${String(v)}`),
  ];
  const configText = fileConfig.map(([k, v]) => `${k}=${String(v)}`).join(' ');
  if (sweep) {
    // the sweep's serve parameters define the server (the experiment); bench parameters are its points
    const base = folderKey.endsWith(`/${folder}`) ? folderKey.slice(0, -folder.length - 1) : folderKey;
    const serve = Object.entries(sweep.serve)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ');
    const name = [modelId ? short(modelId) : null, backend, serve || null, run.label]
      .filter((x): x is string => !!x)
      .join(' · ');
    return {
      key: `${base}#sweep:${serve}|${identity.join('|')}`,
      name: name || 'sweep',
      scope: base,
      attributes: {
        ...(modelId ? { model: short(modelId) } : {}),
        ...(backend ? { backend } : {}),
        ...Object.fromEntries(Object.entries(sweep.serve).map(([k, v]) => [`serve.${k}`, v])),
      },
    };
  }
  // a folder name is descriptive when the naming grammar reads more than a leading word from it
  const fromFolder = experimentAttributes(folder);
  const descriptive = Object.keys(fromFolder).some((k) => k !== 'model' && k !== 'tags');
  if (GENERIC_FOLDER.test(folder) || folder === '' || !descriptive) {
    const name = [modelId ? short(modelId) : null, backend, configText || null, run.label]
      .filter((x): x is string => !!x)
      .join(' · ');
    return {
      key: `${folderKey}#${identity.join('|')}`,
      name: name || folder || 'serving',
      scope: folderKey,
      attributes: {
        ...(modelId ? { model: short(modelId) } : {}),
        ...(backend ? { backend } : {}),
        ...(run.label ? { label: run.label } : {}),
        ...Object.fromEntries(fileConfig),
      },
    };
  }
  // a descriptive folder (perf-examples grammar): its name, split by the runs when they differ
  return {
    key: `${folderKey}#${identity.join('|')}`,
    name: folder,
    attributes: fromFolder,
    scope: null,
  };
}

/** An experiment to name: its model and every attribute it was given (backend, tool, parameters…). */
export interface NamingInput {
  model: string | null;
  attributes: Attributes;
  /** The name it was created with (its folder, say): kept when nothing else names it (no model, nothing varies). */
  created?: string;
}

/** Attributes never listed as "what varies": the model leads the name; tool versions are not parameters. */
const NOT_NAMED = new Set(['model', 'tool', 'backend']);

/** The server or tool a run measured: `backend`, else the tool without its version. */
function toolOf(a: Attributes): string | null {
  const b = a['backend'];
  if (typeof b === 'string' && b) return b;
  const t = a['tool'];
  return typeof t === 'string' && t ? (t.split(' ')[0] ?? t) : null;
}

/**
 * Names for experiments of one model in one folder (`group`), each "model · tool · what varies":
 * the tool or backend only when it is not vllm or differs within the group, then only the
 * parameters whose value (or presence) differs between the experiments of the group, in each
 * experiment's own attribute order. Every parameter stays an attribute; this only shortens names.
 * The first `named` entries get a name; the rest (experiments already stored) only take part.
 */
export function namesByWhatVaries(group: readonly NamingInput[], named = group.length): string[] {
  const differs = (values: readonly string[]) => new Set(values).size > 1;
  const valueText = (v: AttrValue | undefined) => (v === undefined ? '\u0000absent' : JSON.stringify(v));
  const keys = new Set(group.flatMap((g) => Object.keys(g.attributes)));
  const varying = new Set(
    [...keys].filter((k) => !NOT_NAMED.has(k) && differs(group.map((g) => valueText(g.attributes[k])))),
  );
  const toolVaries = differs(group.map((g) => toolOf(g.attributes) ?? ''));
  return group.slice(0, named).map((g) => {
    const tool = toolOf(g.attributes);
    const params = Object.entries(g.attributes)
      .filter(([k]) => varying.has(k))
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ');
    const parts = [
      g.model ? short(g.model) : null,
      tool && (tool !== 'vllm' || toolVaries) ? tool : null,
      params || null,
    ];
    return parts.filter((x): x is string => !!x).join(' · ') || g.created || 'serving';
  });
}
