// The streaming importFiles body reader: at any chunking it stages exactly the bytes the contents
// stand for (UTF-8 text or base64), under their names, and refuses any other shape by name.
import fc from 'fast-check';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FilesBodyError, FilesBodyReader } from './files-body';

const base = (name: string) => name.split('/').pop() ?? name;

async function readAll(body: string, chunk: number): Promise<{ name: string; bytes: Buffer }[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'benchlens-files-body-'));
  try {
    const reader = new FilesBodyReader(dir, base);
    for (let i = 0; i < body.length; i += chunk) await reader.write(body.slice(i, i + chunk));
    const staged = await reader.end();
    const out = [];
    for (const s of staged) out.push({ name: s.name, bytes: await readFile(s.path) });
    expect((await readdir(dir)).every((n) => /^\d+$/.test(n))).toBe(true); // raw contents removed
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('FilesBodyReader', () => {
  it('stages what JSON.parse would give, at any chunking (text with escapes and emoji, base64)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            name: fc.stringMatching(/^[a-z0-9_/-]{1,20}\.log$/),
            text: fc.string({ unit: 'grapheme', maxLength: 200 }),
            binary: fc.uint8Array({ maxLength: 300 }),
            base64: fc.boolean(),
            order: fc.boolean(),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.integer({ min: 1, max: 64 }),
        async (files, chunk) => {
          const body = JSON.stringify({
            files: files.map((f) => {
              const content = f.base64 ? Buffer.from(f.binary).toString('base64') : f.text;
              return f.order
                ? { content, name: f.name, encoding: f.base64 ? 'base64' : 'utf8' }
                : { name: f.name, ...(f.base64 ? { encoding: 'base64' } : {}), content };
            }),
          });
          const staged = await readAll(body, chunk);
          expect(staged).toEqual(
            files.map((f) => ({
              name: f.name,
              bytes: f.base64 ? Buffer.from(f.binary) : Buffer.from(f.text, 'utf8'),
            })),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('decodes \\u escapes and surrogate pairs split across chunks', async () => {
    const body = '{"files": [{"name": "a.log", "content": "\\u00e9\\ud83d\\ude80\\n\\"x\\"\\/"}]}';
    for (const chunk of [1, 2, 3, 5, 1000]) {
      expect(await readAll(body, chunk)).toEqual([{ name: 'a.log', bytes: Buffer.from('é🚀\n"x"/') }]);
    }
  });

  it('refuses other shapes by name', async () => {
    const bad: [string, RegExp][] = [
      ['{}', /files: required/],
      ['{"files": []}', /at least one file/],
      ['{"files": [{"name": "a", "content": 5}]}', /files\[0\]\.content: expected a string/],
      ['{"files": [{"name": "", "content": "x"}]}', /files\[0\]\.name/],
      ['{"files": [{"name": "a", "content": "x", "extra": "y"}]}', /unrecognised key "extra"/],
      ['{"files": [{"name": "a", "content": "x", "encoding": "hex"}]}', /encoding/],
      ['{"files": [{"name": "a"}]}', /content: required/],
      ['{"other": 1}', /unrecognised key "other"/],
      ['{"files": [{"name": "a", "content": "x"}]', /ended before the JSON closed/],
      ['{"files": [{"name": "a", "content": "x"}]} x', /after the body/],
    ];
    for (const [body, message] of bad) {
      await expect(readAll(body, 3), body).rejects.toThrow(message);
      await expect(readAll(body, 3)).rejects.toBeInstanceOf(FilesBodyError);
    }
  });
});
