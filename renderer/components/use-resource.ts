// Loads data for a key and keeps the previous data while the next key loads, so views never blank
// or jump between selections; stale responses (an older key) are dropped.
import { useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

interface State<T> {
  key: string | null;
  data: T | null;
  error: string | null;
}

export function useResource<T>(key: string | null, load: () => Promise<T>): Resource<T> {
  const [state, setState] = useState<State<T>>({ key: null, data: null, error: null });
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    if (key == null) return;
    let live = true;
    loadRef.current().then(
      (data) => {
        if (live) setState({ key, data, error: null });
      },
      (e: unknown) => {
        if (live) setState((s) => ({ key, data: s.data, error: e instanceof Error ? e.message : String(e) }));
      },
    );
    return () => {
      live = false;
    };
  }, [key]);
  if (key == null) return { data: null, error: null, loading: false };
  return { data: state.data, error: state.key === key ? state.error : null, loading: state.key !== key };
}
