// The literal prefilter of the pattern table: each anchor is text every match must contain, so a
// message without it may skip the regex without changing what matches.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../line-reader';
import { parseLine } from './parse-line';
import {
  ANCHOR_WORDS,
  META_PATTERNS,
  MESSAGE_ANCHORS,
  MESSAGE_PATTERNS,
  anchorWords,
  requiredLiteral,
} from './patterns';

describe('requiredLiteral', () => {
  it('reads the opening literal run, escapes included, after a leading \\b', () => {
    expect(requiredLiteral(/\bModel loading took ([\d.]+)/)).toBe('Model loading took ');
    expect(requiredLiteral(/init engine \([^)]*\) took/)).toBe('init engine (');
    expect(requiredLiteral(/torch\.compile (?:takes|took)/)).toBe('torch.compile ');
  });

  it('drops a last character made optional by a quantifier', () => {
    expect(requiredLiteral(/Graph captures?/)).toBe('Graph capture');
    expect(requiredLiteral(/Graph capture*d/)).toBe('Graph captur');
    expect(requiredLiteral(/abcde{0,1}/)).toBe('abcd');
  });

  it('has none for top-level alternatives, flags, classes first or short runs', () => {
    expect(requiredLiteral(/EngineCore failed|Engine core init/)).toBeNull();
    expect(requiredLiteral(/Downloaded cache/i)).toBeNull();
    expect(requiredLiteral(/^(?:duration=)/)).toBeNull();
    expect(requiredLiteral(/\d+ seconds/)).toBeNull();
    expect(requiredLiteral(/ab(c)/)).toBeNull();
  });

  it('keeps a `|` inside a group or class out of the alternative test', () => {
    expect(requiredLiteral(/Initial (?:a|b) run/)).toBe('Initial ');
    expect(requiredLiteral(/Loaded in [|x]/)).toBe('Loaded in ');
  });

  it('gives anchors that every fixture message matched by a pattern contains', () => {
    const dir = new URL('./fixtures/', import.meta.url);
    let matched = 0;
    for (const name of readdirSync(dir)) {
      for (const l of splitLines(readFileSync(new URL(name, dir), 'utf8'))) {
        const msg = parseLine(l.text).message;
        MESSAGE_PATTERNS.forEach((p, i) => {
          if (!p.regex.test(msg)) return;
          matched++;
          const anchor = MESSAGE_ANCHORS[i];
          if (anchor) expect(msg).toContain(anchor);
        });
      }
    }
    expect(matched).toBeGreaterThan(20);
    expect(MESSAGE_ANCHORS.filter((a) => a !== null).length).toBeGreaterThan(15);
  });
});

describe('anchorWords', () => {
  it('reads one word per top-level alternative, and per alternative of an opening group', () => {
    expect(anchorWords(/\b(?:Added|Received) request (\S+)/)).toEqual([
      'Added request ',
      'Received request ',
    ]);
    expect(anchorWords(/^(?:Memory profiling results: duration=|duration\s+)([\d.]+)/)).toEqual([
      'Memory profiling results: duration=',
      'duration',
    ]);
    expect(anchorWords(/EngineCore failed|Worker proc \S+ died/)).toEqual([
      'EngineCore failed',
      'Worker proc ',
    ]);
  });

  it('has none when an alternative opens with a class, an optional group or a short word', () => {
    expect(anchorWords(/\d+ seconds/)).toBeNull();
    expect(anchorWords(/(?:abcd)? tail/)).toBeNull();
    expect(anchorWords(/(?:GPU|Device)(?: name)?: x/)).toBeNull();
  });

  it('names words for every pattern run on a message, held by every fixture message it matches', () => {
    const regexOf = new Map<string, RegExp>([
      ...MESSAGE_PATTERNS.map((p) => [p.id, p.regex] as const),
      ...Object.entries(META_PATTERNS).map(([k, re]) => [`meta.${k}`, re] as const),
    ]);
    const dir = new URL('./fixtures/', import.meta.url);
    const gallery = new URL('../../../tests/fixtures/gallery/logs/', import.meta.url);
    let matched = 0;
    for (const d of [dir, gallery]) {
      for (const name of readdirSync(d)) {
        for (const l of splitLines(readFileSync(new URL(name, d), 'utf8'))) {
          const msg = parseLine(l.text).message;
          for (const { id, words, caseInsensitive } of ANCHOR_WORDS) {
            if (!regexOf.get(id)?.test(msg)) continue;
            matched++;
            const text = caseInsensitive ? msg.toLowerCase() : msg;
            expect(
              words.some((w) => text.includes(caseInsensitive ? w.toLowerCase() : w)),
              `${id}: ${msg}`,
            ).toBe(true);
          }
        }
      }
    }
    expect(ANCHOR_WORDS.length).toBe(MESSAGE_PATTERNS.length + 9);
    expect(matched).toBeGreaterThan(50);
  });
});
