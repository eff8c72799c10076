/**
 * A list that grows a page at a time, following the API's cursor: a large
 * history is never fetched nor rendered whole.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Page } from './api.ts';
import { ErrorBox } from './components.tsx';

export interface More<T> {
  items: T[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  more: () => void;
  reload: () => void;
}

export function useMore<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>, deps: readonly unknown[]): More<T> {
  const [loaded, setLoaded] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    fetchPage(null).then(
      (p) => {
        if (!current) return;
        setLoaded(p.items);
        setNext(p.next);
        setLoading(false);
      },
      (err: unknown) => {
        if (!current) return;
        setLoaded([]);
        setError(err);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);

  const more = useCallback(() => {
    if (next === null) return;
    setLoading(true);
    fetchPage(next).then(
      (p) => {
        setLoaded((items) => [...items, ...p.items]);
        setNext(p.next);
        setLoading(false);
      },
      (err: unknown) => {
        setError(err);
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [next]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  return {
    items: loaded,
    loading,
    error,
    hasMore: !loading && next !== null,
    more,
    reload,
  };
}

/** Below a growing list: its error, a loading line, what an empty list means, the button for more. */
export function MoreFooter<T>({ list, empty, label }: { list: More<T>; empty: string; label: string }) {
  return (
    <>
      <ErrorBox error={list.error} />
      {!list.loading && list.items.length === 0 && list.error === undefined && <p class="muted">{empty}</p>}
      {list.loading && <p class="muted">Loading…</p>}
      {list.hasMore && (
        <button type="button" onClick={list.more}>
          {label}
        </button>
      )}
    </>
  );
}
