#!/usr/bin/env node
// The `benchlens` command: runs the prebuilt CLI (out/cli/benchlens.js, built by `npm run build` or at
// install) while it is newer than every source it was built from, else the TypeScript sources through
// tsx's loader, so an edited checkout never runs a stale bundle.
import { readFileSync, statSync } from 'node:fs';
import * as nodeModule from 'node:module';

// Node 22.1+ caches compiled code between runs (a no-op on older Node)
nodeModule.enableCompileCache?.();

const root = new URL('../', import.meta.url);
const bundle = new URL('out/cli/benchlens.js', root);

function bundleIsFresh() {
  try {
    const builtMs = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(new URL('out/cli/inputs.json', root), 'utf8'));
    return inputs.every((file) => {
      try {
        return statSync(new URL(file, root)).mtimeMs <= builtMs;
      } catch {
        return false; // a source was moved or deleted: rebuild needed
      }
    });
  } catch {
    return false; // not built yet
  }
}

if (bundleIsFresh()) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  // tsconfig.node.json carries `jsx: react-jsx`, so the figure components (.tsx) run too.
  register({ tsconfig: new URL('tsconfig.node.json', root).pathname });
  await import('../main/cli/index.ts');
}
