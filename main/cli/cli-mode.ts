// The installed app's command line: `BenchLens --cli list …` runs the bundled CLI (out/cli) in an
// Electron utility process, because the packaged binary's RunAsNode fuse is off (no ELECTRON_RUN_AS_NODE).
// Pure: which arguments are the CLI's, and how they reach it (utility processes get no argv of ours).

/** The switch that turns the app into its CLI; everything after it belongs to the CLI. */
export const CLI_SWITCH = '--cli';
/** Environment variable carrying the CLI's arguments (JSON array of strings) into the utility process. */
export const CLI_ARGV_ENV = 'BENCHLENS_CLI_ARGV';

/**
 * The CLI arguments when the app was started as `<exe> [app folder] [chromium switches] --cli …`, else
 * null. Only `--cli` as its own argument counts; `--cli=…` or a file named `--cli` after `--` do not.
 */
export function cliArgsFrom(argv: readonly string[]): string[] | null {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return null;
    if (a === CLI_SWITCH) return argv.slice(i + 1);
  }
  return null;
}

/**
 * The argument list the CLI runs with: in a utility process started by cli mode, the JSON list the app
 * passed in CLI_ARGV_ENV (validated: an array of strings, else an error naming the variable); otherwise
 * process.argv after the script.
 */
export function cliArgv(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  processType: string | undefined,
): string[] {
  const passed = env[CLI_ARGV_ENV];
  if (processType !== 'utility' || passed === undefined) return argv.slice(2);
  let parsed: unknown;
  try {
    parsed = JSON.parse(passed);
  } catch {
    throw new Error(`${CLI_ARGV_ENV} is not a JSON list of arguments`);
  }
  if (!Array.isArray(parsed) || !parsed.every((x): x is string => typeof x === 'string'))
    throw new Error(`${CLI_ARGV_ENV} is not a JSON list of strings`);
  return parsed;
}
