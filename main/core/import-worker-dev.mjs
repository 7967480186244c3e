// Starts the import worker from the TypeScript sources (CLI, `serve`, tests) through tsx's loader;
// the built app runs the bundled import-worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./import-worker.ts');
