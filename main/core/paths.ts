// Where the desktop app keeps its database: Electron's userData folder for an app named BenchLens,
// computed without Electron so the CLI and `serve` open the very same file.
import { homedir, platform } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'BenchLens';
export const DB_FILE = 'benchlens.db';

export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  switch (platform()) {
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', APP_NAME);
    case 'win32':
      return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
    default:
      return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), APP_NAME);
  }
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(userDataDir(env), DB_FILE);
}

/** --db FILE, else BENCHLENS_DB, else the desktop app's file. */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env['BENCHLENS_DB'] || defaultDbPath(env);
}
