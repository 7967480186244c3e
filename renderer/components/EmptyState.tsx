// The first-run screen: what BenchLens can import and how (pickers, native dialogs, drag and drop).
import type { ImportButtonsProps } from './ImportPanel';
import { GithubImport, ImportButtons } from './ImportPanel';

export interface EmptyStateProps extends ImportButtonsProps {
  onGithub(repo: string, ref: string): void;
}

export function EmptyState({ onGithub, ...props }: EmptyStateProps) {
  return (
    <section className="empty-state" data-testid="empty-state" aria-labelledby="empty-title">
      <h1 id="empty-title">No snapshots yet</h1>
      <p>BenchLens compares LLM-serving benchmark snapshots. Import any of these:</p>
      <ul className="import-kinds">
        <li>
          <strong>Startup logs</strong> — Ray Serve LLM / vLLM terminal output of a replica cold start (
          <code>.txt</code>, <code>.log</code>). Each becomes a waterfall of startup phases: model loading,
          torch.compile, CUDA graph capture…
        </li>
        <li>
          <strong>Serving results</strong> — <code>vllm bench serve --save-result</code> JSON files.
        </li>
        <li>
          <strong>A whole folder</strong> — e.g. a clone of{' '}
          <code>github.com/anyscale/ray-serve-llm-perf-examples</code>; each sub-folder becomes a bundle.
        </li>
      </ul>
      <ImportButtons {...props} />
      <p className="hint">
        …or drop files or folders anywhere on this window. Imported data stays on this machine.
      </p>
      <h2 className="subhead">Or download a repository from GitHub</h2>
      <p className="hint">The core fetches the archive over HTTPS and imports its logs and results.</p>
      <GithubImport onImport={onGithub} busy={props.busy} />
    </section>
  );
}
