import { describe, expect, it } from 'vitest';
import { CLI_ARGV_ENV, cliArgsFrom, cliArgv } from './cli-mode';

describe('cliArgsFrom', () => {
  it('takes everything after --cli, in a packaged app or a checkout', () => {
    expect(cliArgsFrom(['/opt/BenchLens/benchlens', '--cli', 'list', '--json'])).toEqual(['list', '--json']);
    expect(cliArgsFrom(['electron', '.', '--no-sandbox', '--cli', 'show', '--cli'])).toEqual([
      'show',
      '--cli',
    ]);
    expect(cliArgsFrom(['benchlens', '--cli'])).toEqual([]);
  });

  it('is the window otherwise: no switch, --cli=…, after --, or as the executable', () => {
    expect(cliArgsFrom(['benchlens'])).toBeNull();
    expect(cliArgsFrom(['benchlens', 'run.log'])).toBeNull();
    expect(cliArgsFrom(['benchlens', '--cli=list'])).toBeNull();
    expect(cliArgsFrom(['benchlens', '--', '--cli'])).toBeNull();
    expect(cliArgsFrom(['--cli', 'list'])).toBeNull();
  });
});

describe('cliArgv', () => {
  it('reads the JSON list only inside a utility process', () => {
    const env = { [CLI_ARGV_ENV]: JSON.stringify(['list', '--db', 'a b.db']) };
    expect(cliArgv(['electron', 'benchlens.js'], env, 'utility')).toEqual(['list', '--db', 'a b.db']);
    expect(cliArgv(['node', 'benchlens.js', 'show', '1'], env, undefined)).toEqual(['show', '1']);
    expect(cliArgv(['node', 'benchlens.js', 'show'], {}, 'utility')).toEqual(['show']);
  });

  it('refuses a malformed list by the variable name', () => {
    expect(() => cliArgv([], { [CLI_ARGV_ENV]: '{' }, 'utility')).toThrow(CLI_ARGV_ENV);
    expect(() => cliArgv([], { [CLI_ARGV_ENV]: '[1]' }, 'utility')).toThrow(/list of strings/);
  });
});
