// Streaming reader for a large `importFiles` JSON body ({"files": [{"name", "content", "encoding"}]}):
// each file's content string is unescaped straight into its own file on disk as the body arrives, so
// neither the body, nor a string, nor the parsed object is ever held; base64 contents are decoded
// from disk afterwards. Anything but that shape (other keys, non-string values) is refused.
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';

/** A file of the body, staged on disk. */
export interface StagedFile {
  name: string;
  path: string;
}

export class FilesBodyError extends Error {
  override name = 'FilesBodyError';
}

/** Files per body and characters per name: the contract's bounds. */
const MAX_FILES = 1000;
const MAX_NAME_CHARS = 1024;
const MAX_SMALL_CHARS = 4096;

type Key = 'name' | 'content' | 'encoding';

/**
 * Feed it the body's text in chunks (`write`, awaited for back-pressure), then `end()`: resolves with
 * the staged files, named like the uploads, inside `dir` (one sub-folder per file).
 */
export class FilesBodyReader {
  /** Where the parser is: the containers open and what comes next in the innermost. */
  private depth = 0; // 0 outside, 1 top object, 2 files array, 3 a file object
  private expect: 'value' | 'key' | 'colon' | 'comma' | 'end' = 'value';
  private key: string | null = null;
  private seenFiles = false;
  private inString = false;
  private escape = false;
  private unicode: string | null = null;
  private highSurrogate: number | null = null;
  private small = '';
  private out: WriteStream | null = null;
  private pending = '';
  private current: { name?: string; encoding?: string; content?: string; keys: Set<string> } | null = null;
  private readonly files: { name: string; encoding: string; content: string }[] = [];

  constructor(
    private readonly dir: string,
    private readonly stagedName: (name: string) => string,
  ) {}

  private fail(message: string): never {
    throw new FilesBodyError(`importFiles: ${message}`);
  }

  async write(text: string): Promise<void> {
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (this.inString) {
        i = this.stringChars(text, i);
        continue;
      }
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
      this.structural(c);
    }
    await this.flush();
  }

  /** Consumes string characters from `i`; returns the index of the last one consumed. */
  private stringChars(text: string, i: number): number {
    let j = i;
    while (j < text.length) {
      const c = text[j] as string;
      if (this.unicode !== null) {
        this.unicode += c;
        if (this.unicode.length === 4) {
          if (!/^[0-9a-fA-F]{4}$/.test(this.unicode)) this.fail(`invalid escape \\u${this.unicode}`);
          this.emitCode(parseInt(this.unicode, 16));
          this.unicode = null;
        }
      } else if (this.escape) {
        this.escape = false;
        const map: Record<string, string> = {
          n: '\n',
          t: '\t',
          r: '\r',
          b: '\b',
          f: '\f',
          '"': '"',
          '\\': '\\',
          '/': '/',
        };
        if (c === 'u') this.unicode = '';
        else if (map[c] !== undefined) this.emit(map[c] as string);
        else this.fail(`invalid escape \\${c}`);
      } else if (c === '\\') this.escape = true;
      else if (c === '"') {
        this.stringDone();
        return j;
      } else {
        // a run of plain characters at once
        let k = j;
        while (k < text.length && text[k] !== '"' && text[k] !== '\\') k++;
        this.emit(text.slice(j, k));
        j = k;
        continue;
      }
      j++;
    }
    return j - 1;
  }

  /** A \uXXXX escape: a surrogate pair is joined; a lone surrogate stays one (UTF-8 writes U+FFFD). */
  private emitCode(code: number): void {
    const high = this.highSurrogate;
    this.highSurrogate = null;
    if (high !== null) {
      if (code >= 0xdc00 && code <= 0xdfff) {
        this.append(String.fromCharCode(high, code));
        return;
      }
      this.append(String.fromCharCode(high));
    }
    if (code >= 0xd800 && code <= 0xdbff) this.highSurrogate = code;
    else this.append(String.fromCharCode(code));
  }

  private emit(s: string): void {
    if (this.highSurrogate !== null) {
      this.append(String.fromCharCode(this.highSurrogate));
      this.highSurrogate = null;
    }
    this.append(s);
  }

  private append(s: string): void {
    if (this.out) this.pending += s;
    else {
      this.small += s;
      if (this.small.length > MAX_SMALL_CHARS)
        this.fail(`a ${this.key ?? 'key'} string over ${MAX_SMALL_CHARS} characters`);
    }
  }

  private async flush(): Promise<void> {
    if (!this.out || this.pending === '') return;
    // a chunk may end inside a surrogate pair: keep its first half for the next write
    const last = this.pending.charCodeAt(this.pending.length - 1);
    const keep = last >= 0xd800 && last <= 0xdbff ? 1 : 0;
    const text = keep ? this.pending.slice(0, -1) : this.pending;
    this.pending = keep ? this.pending.slice(-1) : '';
    if (text === '') return;
    const ok = this.out.write(text, 'utf8');
    if (!ok) await once(this.out, 'drain');
  }

  private stringDone(): void {
    this.inString = false;
    this.emit('');
    if (this.expect === 'key') {
      this.key = this.small;
      this.small = '';
      this.expect = 'colon';
      return;
    }
    this.valueDone(this.small);
    this.small = '';
  }

  private valueDone(value: string): void {
    const cur = this.current as NonNullable<typeof this.current>;
    const key = this.key as Key;
    if (key === 'name') cur.name = value;
    else if (key === 'encoding') cur.encoding = value;
    else if (key === 'content') {
      // the content went to its file: close it (awaited in `end`)
      this.pendingClose.push(this.closeOut());
    }
    this.expect = 'comma';
  }

  private readonly pendingClose: Promise<void>[] = [];

  private async closeOut(): Promise<void> {
    const out = this.out as WriteStream;
    this.out = null;
    const ok = this.pending === '' || out.write(this.pending, 'utf8');
    this.pending = '';
    if (!ok) await once(out, 'drain');
    out.end();
    await once(out, 'close');
  }

  private structural(c: string): void {
    if (this.expect === 'end') this.fail(`unexpected "${c}" after the body`);
    if (c === '"') {
      if (this.expect === 'key') {
        this.inString = true;
        return;
      }
      if (this.expect !== 'value' || this.depth !== 3) this.fail('expected {"files": [{…}]}');
      this.inString = true;
      if (this.key === 'content') {
        const cur = this.current as NonNullable<typeof this.current>;
        cur.content = path.join(this.dir, `raw-${this.files.length}`);
        this.out = createWriteStream(cur.content, { flags: 'wx' });
      }
      return;
    }
    if (c === ':') {
      if (this.expect !== 'colon') this.fail('unexpected ":"');
      const key = this.key ?? '';
      if (this.depth === 1 && key !== 'files') this.fail(`unrecognised key "${key.slice(0, 64)}"`);
      if (this.depth === 3) {
        if (key !== 'name' && key !== 'content' && key !== 'encoding')
          this.fail(`files[${this.files.length}]: unrecognised key "${key.slice(0, 64)}"`);
        const cur = this.current as NonNullable<typeof this.current>;
        if (cur.keys.has(key)) this.fail(`files[${this.files.length}]: "${key}" given twice`);
        cur.keys.add(key);
      }
      this.expect = 'value';
      return;
    }
    if (c === '{') {
      if (this.expect !== 'value') this.fail('unexpected "{"');
      if (this.depth === 0) {
        this.depth = 1;
        this.expect = 'key';
        return;
      }
      if (this.depth === 2) {
        if (this.files.length >= MAX_FILES) this.fail(`files: at most ${MAX_FILES} files`);
        this.depth = 3;
        this.current = { keys: new Set() };
        this.expect = 'key';
        return;
      }
      this.fail(
        this.depth === 3
          ? `files[${this.files.length}].${this.key ?? ''}: expected a string`
          : 'expected an array of files',
      );
    }
    if (c === '[') {
      if (this.expect !== 'value' || this.depth !== 1 || this.seenFiles)
        this.fail('expected {"files": [{…}]}');
      this.seenFiles = true;
      this.depth = 2;
      this.expect = 'value';
      return;
    }
    if (c === ',') {
      if (this.expect !== 'comma') this.fail('unexpected ","');
      this.expect = this.depth === 2 ? 'value' : 'key';
      return;
    }
    if (c === '}') {
      if (this.expect !== 'comma' && !(this.expect === 'key' && this.key === null))
        this.fail('unexpected "}"');
      if (this.depth === 3) {
        const cur = this.current as NonNullable<typeof this.current>;
        const i = this.files.length;
        if (cur.name === undefined || cur.name.length === 0 || cur.name.length > MAX_NAME_CHARS)
          this.fail(`files[${i}].name: 1 to ${MAX_NAME_CHARS} characters required`);
        if (cur.content === undefined) this.fail(`files[${i}].content: required`);
        const encoding = cur.encoding ?? 'utf8';
        if (encoding !== 'utf8' && encoding !== 'base64')
          this.fail(`files[${i}].encoding: expected "utf8" or "base64"`);
        this.files.push({ name: cur.name, encoding, content: cur.content });
        this.current = null;
        this.key = null;
        this.depth = 2;
        this.expect = 'comma';
        return;
      }
      if (this.depth === 1) {
        if (!this.seenFiles) this.fail('files: required');
        this.depth = 0;
        this.expect = 'end';
        return;
      }
      this.fail('unexpected "}"');
    }
    if (c === ']') {
      if (
        this.depth !== 2 ||
        (this.expect !== 'comma' && !(this.expect === 'value' && this.files.length === 0))
      )
        this.fail('unexpected "]"');
      if (this.files.length === 0) this.fail('files: at least one file');
      this.depth = 1;
      this.key = null;
      this.expect = 'comma';
      return;
    }
    this.fail(
      this.depth === 3
        ? `files[${this.files.length}].${this.key ?? ''}: expected a string`
        : `unexpected "${c}": expected {"files": [{…}]}`,
    );
  }

  /** The body is complete: stage each file under its name (base64 decoded from disk). */
  async end(): Promise<StagedFile[]> {
    await this.flush();
    await Promise.all(this.pendingClose);
    if (this.expect !== 'end') this.fail('the body ended before the JSON closed');
    const staged: StagedFile[] = [];
    for (let i = 0; i < this.files.length; i++) {
      const f = this.files[i] as (typeof this.files)[number];
      const sub = path.join(this.dir, String(i));
      await mkdir(sub);
      const target = path.join(sub, this.stagedName(f.name));
      const out = createWriteStream(target, { flags: 'wx' });
      if (f.encoding === 'base64') {
        let carry = '';
        for await (const chunk of createReadStream(f.content, {
          encoding: 'latin1',
          highWaterMark: 1 << 16,
        })) {
          const text = carry + (chunk as string).replace(/[^A-Za-z0-9+/]/g, '');
          const whole = text.length - (text.length % 4);
          carry = text.slice(whole);
          if (!out.write(Buffer.from(text.slice(0, whole), 'base64'))) await once(out, 'drain');
        }
        if (carry) out.write(Buffer.from(carry, 'base64'));
      } else {
        for await (const chunk of createReadStream(f.content, { highWaterMark: 1 << 16 }))
          if (!out.write(chunk as Buffer)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'close');
      await rm(f.content);
      staged.push({ name: f.name, path: target });
    }
    return staged;
  }

  /** Closes any file still open (an aborted body), so the folder can be removed. */
  async abort(): Promise<void> {
    if (this.out) {
      const out = this.out;
      this.out = null;
      out.destroy();
      if (!out.closed) await once(out, 'close');
    }
    await Promise.allSettled(this.pendingClose);
  }
}
