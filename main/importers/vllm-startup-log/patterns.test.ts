// The literal prefilter of the pattern table: each anchor is text every match must contain, so a
// message without it may skip the regex without changing what matches.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../line-reader';
import { parseLine } from './parse-line';
import { MESSAGE_ANCHORS, MESSAGE_PATTERNS, requiredLiteral } from './patterns';

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
