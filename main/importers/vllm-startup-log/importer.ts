// vLLM / Ray Serve start-up logs. Sniffed over the whole head, line by line, with the parser's own
// wrapper peeling and pattern table, so an excerpt that starts with progress bars or mid-way still
// counts; other engines' logs (SGLang, TGI, llama.cpp, TensorRT-LLM) are refused by name.
import { LineSplitter } from '../line-reader';
import type { FormatImporter, Sniff } from '../types';
import { parseLine } from './parse-line';
import { StartupLogParser } from './parser';
import { MESSAGE_PATTERNS, META_PATTERNS, PATTERNS_VERSION } from './patterns';

/** vLLM's own header location, "[core.py:243]" or the pre-0.8 "core.py:243]". */
const VLLM_LOCATION = /^[\w./-]+\.py:\d+$/;
/** Other engines' start-up logs, named in the refusal. */
const OTHER_ENGINES: readonly [RegExp, string][] = [
  [
    /\bsglang\b|\bTP\d+\] (?:Load weight|Init torch distributed|Capture cuda graph)|Load weight (?:begin|end)\. /,
    'SGLang',
  ],
  [/text_generation_(?:launcher|router|server)/, 'Text Generation Inference'],
  [/llama_model_loader|print_info: |\bslot (?:is processing|update_slots)|update_slots\]/, 'llama.cpp'],
  [/\bTRT-?LLM\b|tensorrt_llm/i, 'TensorRT-LLM'],
];

/** A line is a vLLM start-up line when, wrappers peeled, vLLM's header or a known message is on it. */
export function isVllmLine(raw: string): boolean {
  if (raw.length === 0) return false;
  const p = parseLine(raw.length > 4000 ? raw.slice(0, 4000) : raw);
  if (p.level !== null && p.location !== null && VLLM_LOCATION.test(p.location)) return true;
  if (META_PATTERNS.known.test(p.message)) return true;
  return MESSAGE_PATTERNS.some((pat) => !pat.level && pat.regex.test(p.message));
}

export function sniffStartupLog(head: Buffer): Sniff {
  const text = head.toString('utf8');
  const lines = text.split('\n');
  // a full 64 KiB head may end mid-line: its last piece is not a whole line
  if (text.length >= 60_000 && lines.length > 1) lines.pop();
  if (lines.some(isVllmLine)) return { match: true };
  for (const [re, name] of OTHER_ENGINES) {
    if (re.test(text)) return { match: false, reason: `not a vLLM log (looks like ${name})` };
  }
  return {
    match: false,
    reason: 'not a vLLM log: no vLLM / Ray Serve start-up line in the first 64 KiB',
  };
}

export const vllmStartupLogImporter: FormatImporter = {
  format: 'vllm-startup-log',
  version: PATTERNS_VERSION,
  sniff: (_name, head) => sniffStartupLog(head),
  consumer() {
    const splitter = new LineSplitter();
    const parser = new StartupLogParser();
    return {
      push: (b) => {
        for (const l of splitter.push(b)) parser.push(l.text, l.line);
      },
      end: () => {
        for (const l of splitter.end()) parser.push(l.text, l.line);
        // several LLM replicas starting in one stream: one record each, never merged
        return parser.finishAll().map((result) => ({ kind: 'startup' as const, result }));
      },
    };
  },
};
