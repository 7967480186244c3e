// Where a result file sits in a bundle, read from its path: the bundle (e.g. `horizontal_scaling`),
// the experiment folder, the client part (`part2` / `all-parts`) and the file stem. The same file
// gets the same experiment key whether it came from a clone, a sub-folder, a zip or a tar.gz. A
// per-run folder named after its one file (InferenceMAX's `bmk_agentic_<name>/<name>.json`) is not
// the experiment: the file is placed as if it sat in the folder above, grouped by what the run is.

export interface Location {
  bundle: string | null;
  /** Stable identity of the experiment folder within its bundle. */
  experimentKey: string;
  experiment: string;
  /** `part2`, `all-parts` or null. */
  partDir: string | null;
  /** Path of the file inside its experiment folder, e.g. `part2/conc16.json`. */
  fileInExperiment: string;
  stem: string;
}

/** Folders that hold one experiment family's results; the bundle is named by the folder above. */
const CONTAINERS = /^(bm_results\w*|experiment_terminal_output|results|logs|graphs|plots)$/i;
const NESTED_BUNDLE = /^(archive|old|previous)$/i;
const PART_DIR = /^(part\d+|all-parts)$/i;

/**
 * A folder holding one run, named after it: the file's own name (`<name>/<name>.json`) or that name
 * behind a prefix (`bmk_<name>/<name>.json`, `bmk_agentic_<name>/<name>.json`, as InferenceMAX's
 * workflow uploads each run's result).
 */
export function isRunFolder(folder: string, stem: string): boolean {
  const f = folder.toLowerCase();
  const s = stem.toLowerCase();
  if (s.length === 0 || PART_DIR.test(folder)) return false;
  return f === s || (/^bmk[_-]/.test(f) && (f.endsWith(`_${s}`) || f.endsWith(`-${s}`)));
}

export function locate(logicalPath: string): Location {
  const segs = logicalPath.split(/[\\/]+/).filter((s) => s.length > 0 && s !== '.');
  const file = segs[segs.length - 1] ?? logicalPath;
  // a single gzip file (run.log.gz) is named like the file it holds
  const stem = file.replace(/\.gz$/i, '').replace(/\.(json|txt|log|png)$/i, '');
  // a per-run folder is not the experiment: the file stands in the folder above
  if (segs.length >= 3 && isRunFolder(segs[segs.length - 2] ?? '', stem)) segs.splice(segs.length - 2, 1);
  let expIdx = segs.length - 2;
  let partDir: string | null = null;
  if (expIdx >= 0 && PART_DIR.test(segs[expIdx] ?? '')) {
    partDir = segs[expIdx] ?? null;
    expIdx--;
  }
  let container = -1;
  for (let i = Math.min(expIdx, segs.length - 2); i >= 0; i--) {
    if (CONTAINERS.test(segs[i] ?? '')) {
      container = i;
      break;
    }
  }
  let bundle: string | null = null;
  if (container > 0) {
    const parts = [segs[container - 1] as string];
    if (NESTED_BUNDLE.test(parts[0] ?? '') && container > 1) parts.unshift(segs[container - 2] as string);
    bundle = parts.join('/');
  } else if (expIdx >= 1) {
    bundle = segs[expIdx - 1] ?? null;
  }
  const experiment = expIdx >= 0 ? (segs[expIdx] as string) : stem;
  const inner = container >= 0 && container < expIdx ? segs.slice(container + 1, expIdx + 1) : [experiment];
  const experimentKey =
    container >= 0
      ? [bundle, ...inner].filter(Boolean).join('/')
      : segs.slice(0, Math.max(expIdx + 1, 1)).join('/');
  return {
    bundle,
    experimentKey,
    experiment,
    partDir,
    fileInExperiment: partDir ? `${partDir}/${file}` : file,
    stem,
  };
}

/** Artifact folders a tool nests its fixed-name files in, below the folder that names the run. */
const ARTIFACT_DIR = /^(?:aiperf_artifacts|artifacts|genai_perf_artifacts)$/i;

/**
 * For files whose name the tool fixes (`c4/profile_export_aiperf.json`,
 * `run1/aiperf_artifacts/profile_export_aiperf.json`): the path with the folder naming the run
 * standing in for the file (`c4.json`, `run1.json`), so the folder above is the experiment.
 */
export function folderAsFile(logicalPath: string): string {
  const segs = logicalPath.split(/[\\/]+/);
  const file = segs.pop() ?? '';
  if (segs.length > 1 && ARTIFACT_DIR.test(segs[segs.length - 1] ?? '')) segs.pop();
  const run = segs.pop();
  if (!run) return logicalPath;
  const ext = /\.[a-z0-9]+$/i.exec(file)?.[0] ?? '';
  return [...segs, `${run}${ext}`].join('/');
}
