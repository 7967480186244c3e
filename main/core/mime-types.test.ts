import { describe, expect, it } from 'vitest';
import { mimeType } from './mime-types';

describe('mimeType', () => {
  it('knows the renderer build and falls back to opaque bytes', () => {
    expect(mimeType('x.woff2')).toBe('font/woff2');
    expect(mimeType('X.PNG')).toBe('image/png');
    expect(mimeType('out/main/index.cjs')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('x.unknown')).toBe('application/octet-stream');
  });
});
