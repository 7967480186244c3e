// Picks a file's importer from its first bytes (content first, file name only to skip code and
// project files), so renamed files import correctly and anything else is skipped with a reason.
// Knows no format: it asks each importer of the registry in turn.
import { IMPORTERS } from './registry';
import type { FormatImporter } from './types';

export interface Detection {
  importer: FormatImporter | null;
  /** Why a file is not imported, for the import report. */
  reason?: string;
}

const CODE_EXT = /\.(py|ipynb|sh|md|rst|yaml|yml|toml|cfg|ini|js|ts|tsx|html|css|txt\.gz|lock)$/i;
const SKIP_NAMES = /^(LICENSE|README|Makefile|Dockerfile|requirements.*\.txt|\.gitignore|\.DS_Store)$/i;

export function detectImporter(name: string, head: Buffer): Detection {
  const base = name.split(/[\\/]/).pop() ?? name;
  if (SKIP_NAMES.test(base)) return { importer: null, reason: 'project file, not a result' };
  if (CODE_EXT.test(base)) return { importer: null, reason: 'code or prose, not a result' };
  const binary = head.includes(0);
  let reason: string | null = null;
  for (const imp of IMPORTERS) {
    if (binary && !imp.binary) continue;
    const s = imp.sniff(name, head);
    if (s.match) return { importer: imp };
    reason ??= s.reason;
  }
  if (binary) return { importer: null, reason: 'binary file' };
  return { importer: null, reason: reason ?? 'not a recognised format' };
}

/** The detected format's name, or 'unknown'. */
export function detectFormat(name: string, head: Buffer): { format: string; reason?: string } {
  const d = detectImporter(name, head);
  return d.importer ? { format: d.importer.format } : { format: 'unknown', reason: d.reason ?? '' };
}
