// The decode layer: UTF-16 (BOM or none, LE or BE) and single gzip files become the same UTF-8 bytes
// whatever the chunking; a gzip bomb is refused at the bound, damaged gzip data is an error.
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DecodeError, decodeToUtf8, sniffEncoding } from './decode';

const TEXT = 'INFO 01-01 00:00:00 [api_server.py:1] vLLM API server version 0.9.1 — ünïcödé 🚀\r\nline 2\n';

function utf16be(s: string): Buffer {
  const b = Buffer.from(s, 'utf16le');
  for (let i = 0; i < b.length; i += 2) {
    const t = b[i] as number;
    b[i] = b[i + 1] as number;
    b[i + 1] = t;
  }
  return b;
}

async function decode(bytes: Buffer, name = 'a.log', chunk = 7, maxGunzipBytes?: number): Promise<string> {
  const source = async function* () {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  };
  const out: Buffer[] = [];
  for await (const b of decodeToUtf8(source(), name, { maxGunzipBytes })) out.push(b);
  return Buffer.concat(out).toString('utf8');
}

describe('sniffEncoding', () => {
  it('tells UTF-16 by its BOM or its zero bytes, a single gzip from a tar.gz, and UTF-8 otherwise', () => {
    expect(sniffEncoding('a.log', Buffer.from([0xff, 0xfe, 0x41, 0]))).toBe('utf16le');
    expect(sniffEncoding('a.log', Buffer.from([0xfe, 0xff, 0, 0x41]))).toBe('utf16be');
    expect(sniffEncoding('a.log', Buffer.from(TEXT, 'utf16le'))).toBe('utf16le');
    expect(sniffEncoding('a.log', utf16be(TEXT))).toBe('utf16be');
    expect(sniffEncoding('a.log.gz', gzipSync(TEXT))).toBe('gzip');
    expect(sniffEncoding('a.tar.gz', gzipSync(TEXT))).toBe('utf8'); // an archive: the sources open it
    expect(sniffEncoding('a.log', Buffer.from(TEXT))).toBe('utf8');
    // a binary file with some zeros is not taken for UTF-16
    expect(
      sniffEncoding('a.bin', Buffer.from(Array.from({ length: 64 }, (_, i) => (i % 7 === 0 ? 0 : i + 1)))),
    ).toBe('utf8');
  });
});

describe('decodeToUtf8', () => {
  it('gives the same text for UTF-8, UTF-16 LE/BE (with and without BOM) and gzip, at any chunking', async () => {
    const forms: [string, Buffer][] = [
      ['utf8', Buffer.from(TEXT)],
      ['le-bom', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')])],
      ['be-bom', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)])],
      ['le', Buffer.from(TEXT, 'utf16le')],
      ['be', utf16be(TEXT)],
      ['gzip', gzipSync(TEXT)],
      ['gzip of utf-16', gzipSync(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]))],
    ];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), async (chunk) => {
        for (const [label, bytes] of forms)
          expect([label, await decode(bytes, 'a.log.gz', chunk)]).toEqual([label, TEXT]);
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a gzip that inflates past the bound, and damaged gzip data, as decode errors', async () => {
    const bomb = gzipSync(Buffer.alloc(1 << 20, 'a'));
    expect(bomb.length).toBeLessThan(8 * 1024);
    await expect(decode(bomb, 'bomb.log.gz', 4096, 64 * 1024)).rejects.toThrow(
      new DecodeError(`gzip: inflates past ${64 * 1024} bytes (a gzip bomb?); refused, nothing imported`),
    );
    await expect(decode(bomb, 'bomb.log.gz', 4096, 2 << 20)).resolves.toHaveLength(1 << 20);
    const damaged = gzipSync(TEXT);
    damaged.fill(0x55, 12, 30);
    await expect(decode(damaged, 'bad.log.gz')).rejects.toThrow(/^gzip: damaged data/);
  });

  it('passes an empty file through as nothing', async () => {
    expect(await decode(Buffer.alloc(0))).toBe('');
  });
});
