// The CLI bundle: the real entries bundle into a runnable CLI, and the bundler handles what other
// layers bring (.tsx React components rendered to SVG in Node) while native modules stay external.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCli, CLI_EXTERNALS } from './build-cli.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// inside the repository (out/ is ignored by git) so the fixture resolves node_modules like real sources
const WORK = path.join(ROOT, 'out', 'test-build-cli');

const run = (file, args = []) =>
  spawnSync(process.execPath, [file, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env } });

describe('buildCli', () => {
  it('bundles the CLI into a runnable command with its migrations and import worker beside it', async () => {
    const outDir = path.join(WORK, 'cli');
    const inputs = await buildCli({ quiet: true, outDir });
    expect(inputs).toContain('main/cli/index.ts');
    expect(inputs.every((p) => !p.startsWith('node_modules/'))).toBe(true);
    const files = readdirSync(outDir);
    expect(files).toEqual(
      expect.arrayContaining(['benchlens.js', 'import-worker.js', 'migrations', 'inputs.json']),
    );
    const db = path.join(mkdtempSync(path.join(tmpdir(), 'benchlens-cli-bundle-')), 'c.db');
    const r = run(path.join(outDir, 'benchlens.js'), ['list', '--json', '--db', db, '--create']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([]);
    // native modules are loaded from node_modules at run time, never inlined
    const code = files
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(path.join(outDir, f), 'utf8'));
    expect(code.some((c) => c.includes('from "better-sqlite3"'))).toBe(true);
    // better-sqlite3's loader (lib/database.js) names its addon; inlined, it would look beside the bundle
    expect(code.filter((c) => c.includes("('better_sqlite3.node')"))).toEqual([]);
  }, 60_000);

  it('compiles .tsx components with the automatic JSX runtime and keeps native modules external', async () => {
    const src = path.join(WORK, 'src');
    mkdirSync(src, { recursive: true });
    writeFileSync(
      path.join(src, 'bar.tsx'),
      'export function Bar({ widthPx }: { widthPx: number }) {\n  return <rect width={widthPx} height={4} />;\n}\n',
    );
    writeFileSync(
      path.join(src, 'figure.tsx'),
      [
        "import Database from 'better-sqlite3';",
        "import { renderToStaticMarkup } from 'react-dom/server';",
        "import { Bar } from './bar';",
        "const row = new Database(':memory:').prepare('SELECT 2 AS n').get() as { n: number };",
        'console.log(renderToStaticMarkup(<svg><Bar widthPx={row.n} /></svg>));',
      ].join('\n'),
    );
    const outDir = path.join(WORK, 'figure');
    await buildCli({ quiet: true, outDir, entryPoints: { figure: path.join(src, 'figure.tsx') } });
    const r = run(path.join(outDir, 'figure.js'));
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('<svg><rect width="2" height="4"></rect></svg>');
    const code = readFileSync(path.join(outDir, 'figure.js'), 'utf8');
    expect(code).toMatch(/from "better-sqlite3"/);
    expect(CLI_EXTERNALS).toEqual(expect.arrayContaining(['better-sqlite3', '@resvg/resvg-js']));
  }, 60_000);
});
