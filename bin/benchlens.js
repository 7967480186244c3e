#!/usr/bin/env node
// The `benchlens` command: runs the TypeScript CLI under plain Node through tsx's loader,
// so `npx benchlens …` works right after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../main/cli/index.ts');
