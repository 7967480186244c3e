// Issue 9 (15): control characters in file names never reach the terminal raw.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDb } from '../cli-helpers';

describe('CLI import report', () => {
  it('prints control characters in file names escaped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchlens-ctl-'));
    mkdirSync(join(dir, 'exp'));
    writeFileSync(join(dir, 'exp', 'c\u001b[31mred.json'), '{"completed": 1, "num_prompts": 1}');
    writeFileSync(join(dir, 'exp', 'bad\u0007.json'), '{"num_prompts": 1, "completed": ,}');
    const r = cli(tempDb(), 'import', dir, '--verbose');
    expect(r.stdout).toContain('c\\u001b[31mred.json');
    expect(r.stderr).toContain('bad\\u0007.json');
    // eslint-disable-next-line no-control-regex
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  }, 60_000);
});
