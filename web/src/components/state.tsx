/** What every page shows while it loads, when the API failed, and when there is nothing: never a blank. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api.js';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (null: nothing to load yet); reloads when the path changes or on `reload()`, keeping the last data meanwhile. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(path !== null);
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    if (path === null) return;
    const request = ++latest.current;
    setLoading(true);
    api<T>(path).then((value) => {
      if (request !== latest.current) return;
      setData(value);
      setError(undefined);
    }, (failure: unknown) => {
      if (request !== latest.current) return;
      setError(failure instanceof ApiError ? failure : new ApiError(0, 'CLIENT', String(failure)));
    }).finally(() => {
      if (request === latest.current) setLoading(false);
    });
  }, [path, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, error, loading, reload };
}

export function ErrorBox({ error, retry }: { error: ApiError; retry?: () => void }) {
  return (
    <div class="error" role="alert">
      <strong>{error.status === 0 ? 'Network error' : `Error ${error.status}`}</strong> <code>{error.code}</code>: {error.message}
      {retry !== undefined && <button type="button" onClick={retry}>Retry</button>}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return <p class="muted loading" aria-busy="true">Loading {what}…</p>;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** The three states of a load in one place: error (with retry), first load, or the content. */
export function Guarded<T>({ loaded, what, children }: { loaded: Loaded<T>; what: string; children: (data: T) => ComponentChildren }) {
  if (loaded.error !== undefined) return <ErrorBox error={loaded.error} retry={loaded.reload} />;
  if (loaded.data === undefined) return <Loading what={what} />;
  return <>{children(loaded.data)}</>;
}
