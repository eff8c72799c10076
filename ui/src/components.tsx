/** Small pieces every view uses: loading data, showing errors, times, entity links, step tables. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.ts';
import { href } from './route.ts';
import { exactTime, localTime } from './time.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs load when deps change (and on reload); the newest call wins. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load().then(
      (data) => current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => current && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}

/** An error in words: the problem's title and detail (and the conflicts of a revert). */
export function ErrorBox({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  if (error instanceof ApiError) {
    return (
      <div class="error" role="alert">
        <strong>{error.title}</strong> <span class="code">{error.code}</span>
        <p>{error.detail}</p>
        {error.status === 401 && <p>Check your API key: “forget API key” (top right) asks for another.</p>}
        {error.conflicts.length > 0 && (
          <ul>
            {error.conflicts.map((c) => (
              <li key={c.entityId}>
                <EntityLink type={c.entityType} id={c.entityId} />: {c.conflict}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return (
    <div class="error" role="alert">
      <strong>Error</strong>
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </div>
  );
}

/** A loaded view: its error, a loading line, or its content. */
export function Show<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  if (loaded.error !== undefined) return <ErrorBox error={loaded.error} />;
  if (loaded.data === undefined) return <p class="muted">Loading…</p>;
  return <>{children(loaded.data)}</>;
}

export function Time({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={exactTime(iso)}>
      {localTime(iso)}
    </time>
  );
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}

export function EntityLink({ type, id, label }: { type: string; id: string; label?: string }) {
  return (
    <a href={href({ view: 'entity', type, id })} title={`${type} ${id}`}>
      {label ?? `${type} ${shortId(id)}`}
    </a>
  );
}

export interface Step {
  entityType: string;
  entityId: string;
  action: string;
  conflict?: string | null;
}

/** What an action did, or (dry run) would do: one row per entity. */
export function StepsTable({ steps, empty }: { steps: readonly Step[]; empty: string }) {
  if (steps.length === 0) return <p class="muted">{empty}</p>;
  const conflicts = steps.some((s) => s.conflict);
  return (
    <table class="steps">
      <thead>
        <tr>
          <th>entity</th>
          <th>action</th>
          {conflicts && <th>conflict</th>}
        </tr>
      </thead>
      <tbody>
        {steps.map((s) => (
          <tr key={`${s.entityType}/${s.entityId}`} class={s.conflict ? 'conflict' : ''}>
            <td>
              <EntityLink type={s.entityType} id={s.entityId} />
            </td>
            <td class={`action ${s.action}`}>{s.action}</td>
            {conflicts && <td>{s.conflict ?? ''}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A JSON value as a table cell shows it. */
export function Value({ value }: { value: unknown }) {
  if (value === undefined) return <span class="muted">(absent)</span>;
  if (value === null) return <span class="muted">null</span>;
  return <code>{typeof value === 'string' ? value : JSON.stringify(value)}</code>;
}
