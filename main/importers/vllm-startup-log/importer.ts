// vLLM / Ray Serve start-up logs. Sniffed over the whole head, line by line, with the parser's own
// wrapper peeling and pattern table, so an excerpt that starts with progress bars or mid-way still
// counts; other engines' logs (SGLang, TGI, llama.cpp, TensorRT-LLM) are refused by name. Lines
// over MAX_LINE_BYTES are cut by the splitter; each cut is an issue (the first MAX_CUT_ISSUES by line).
import { appendAll } from '../../../shared/arrays';
import { LineSplitter, MAX_LINE_BYTES, type OnLine } from '../line-reader';
import type { FormatImporter, Sniff } from '../types';
import { parseLine } from './parse-line';
import { StartupLogParser } from './parser';
import { MESSAGE_PATTERNS, META_PATTERNS, PATTERNS_VERSION } from './patterns';

/** Over-long lines reported one by one up to this many, then as a count. */
const MAX_CUT_ISSUES = 20;

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
  identityByContent: true,
  sniff: (_name, head) => sniffStartupLog(head),
  consumer() {
    const splitter = new LineSplitter();
    const parser = new StartupLogParser();
    const cut: { line: number | null; message: string; limit: true }[] = [];
    let cutLines = 0;
    // lines go to the parser as bytes: it decodes only the lines it keeps or must regex-parse
    const take: OnLine = (bytes, start, end, line, dropped) => {
      if (dropped !== undefined && ++cutLines <= MAX_CUT_ISSUES)
        cut.push({
          line,
          message: `line cut to ${MAX_LINE_BYTES} bytes (${dropped} more bytes not read)`,
          limit: true,
        });
      parser.pushBytes(bytes, start, end, line);
    };
    return {
      push: (b) => {
        parser.newChunk();
        splitter.pushEach(b, take);
      },
      end: () => {
        splitter.endEach(take);
        if (cutLines > MAX_CUT_ISSUES)
          cut.push({ line: null, message: `${cutLines - MAX_CUT_ISSUES} more lines cut`, limit: true });
        // several LLM replicas starting in one stream: one record each, never merged; a cut line
        // belongs to no replica we can tell, so each replica's snapshot lists the cuts
        return parser.finishAll().map((result) => {
          appendAll(result.issues, cut);
          return { kind: 'startup' as const, result };
        });
      },
    };
  },
};
