// One core call at a time from a small form (rename, delete, manual values): busy while it runs, the
// error message when it fails, and what to do after it succeeds.
import { useState } from 'react';

export interface Action {
  busy: boolean;
  error: string | null;
  setError(message: string | null): void;
  /** Runs `p`; on success calls `done` and then `onChanged`; on failure keeps the message in `error`. */
  run(p: Promise<unknown>, done: () => void): void;
}

export function useAction(onChanged: () => void): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (p: Promise<unknown>, done: () => void): void => {
    setBusy(true);
    setError(null);
    p.then(
      () => {
        setBusy(false);
        done();
        onChanged();
      },
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };
  return { busy, error, setError, run };
}
