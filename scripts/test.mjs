// `npm test`: every check and every test, then one closing line "N passed, N failed" that totals
// the static checks, vitest (unit + integration) and Playwright (end to end). Exit code 1 on any failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const bin = (name) => `node_modules/.bin/${name}`;
let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];

function run(label, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${label}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(label, cmd, args) {
  const ok = run(label, cmd, args);
  if (ok) passed++;
  else failed++;
  lines.push(`${label}: ${ok ? 'ok' : 'FAILED'}`);
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

mkdirSync('test-results', { recursive: true });
rmSync('test-results/vitest.json', { force: true });
rmSync('test-results/playwright.json', { force: true });

check('format', bin('prettier'), ['--check', '.']);
check('lint', bin('eslint'), ['--max-warnings', '0', '.']);
check('typecheck shared', bin('tsc'), ['-p', 'tsconfig.shared.json']);
check('typecheck figures', bin('tsc'), ['-p', 'tsconfig.figures.json']);
check('typecheck node', bin('tsc'), ['-p', 'tsconfig.node.json']);
check('typecheck renderer', bin('tsc'), ['-p', 'tsconfig.renderer.json']);
const built = check('build (electron-vite)', bin('electron-vite'), ['build', '-c', 'electron.config.ts']);
// the prebuilt CLI (out/cli): the integration tests then run the bundle users get
check('build (cli)', process.execPath, ['scripts/build-cli.mjs']);

const vitestOk = run('vitest', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile=test-results/vitest.json',
]);
const v = readJson('test-results/vitest.json');
if (v) {
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
  lines.push(`vitest: ${v.numPassedTests} passed, ${v.numFailedTests} failed, ${v.numPendingTests} skipped`);
  if (!vitestOk && v.numFailedTests === 0) {
    failed++;
    lines.push('vitest: exited non-zero (a suite failed to load)');
  }
} else {
  failed++;
  lines.push('vitest: no report (the run crashed)');
}

if (built) {
  run('playwright', bin('playwright'), ['test']);
  const p = readJson('test-results/playwright.json');
  if (p) {
    const s = p.stats;
    passed += s.expected + s.flaky;
    failed += s.unexpected;
    skipped += s.skipped;
    lines.push(`playwright: ${s.expected + s.flaky} passed, ${s.unexpected} failed, ${s.skipped} skipped`);
    if (p.errors?.length) {
      failed += p.errors.length;
      lines.push(`playwright: ${p.errors.length} error(s) outside tests`);
    }
  } else {
    failed++;
    lines.push('playwright: no report (the run crashed)');
  }
} else {
  failed++;
  lines.push('playwright: not run (build failed)');
}

process.stdout.write(
  `\n${lines.join('\n')}\n${skipped} skipped (see above for why)\n${passed} passed, ${failed} failed\n`,
);
process.exitCode = failed > 0 ? 1 : 0;
