// `npm run hostile:large`: the bad-input suite's large and slow kinds (hundreds of MB generated,
// up to minutes each), kept out of `npm test`. Each case is bounded in time: the child is killed
// at its bound and the case fails.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/integration/hostile/**/*.large.ts'],
    testTimeout: 15 * 60_000,
    hookTimeout: 5 * 60_000,
    pool: 'forks',
    // one file at a time: the cases measure peak memory and share 2 cores
    fileParallelism: false,
  },
});
