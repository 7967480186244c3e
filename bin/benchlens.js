#!/usr/bin/env node
// The `benchlens` command: runs the TypeScript CLI under plain Node through tsx's loader,
// so `npx benchlens …` works right after `npm install`, with no build step.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// tsconfig.node.json carries `jsx: react-jsx`, so the figure components (.tsx) run too.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.node.json', import.meta.url)) });
await import('../main/cli/index.ts');
