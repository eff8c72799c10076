/**
 * The page's only way to the server: the public HTTP API, same origin, with
 * the user's API key (Authorization: Bearer) on every call. A failure is an
 * ApiError carrying the problem+json title and detail, to be shown as they
 * are.
 */
import type { Checkpoint, RevertStep, RollbackStep } from '../../src/lib/interfaces.ts';
import type { Artifact, Plan, Task } from '../../src/app/interfaces.ts';

/** A type as it arrives in JSON: dates are ISO strings. */
export type Wire<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };
export type PlanRow = Wire<Plan>;
export type TaskRow = Wire<Task>;
export type ArtifactRow = Wire<Artifact>;
export type { Checkpoint, RevertStep, RollbackStep };

const KEY = 'pg-checkpoint.apiKey';

export function apiKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setApiKey(key: string | null): void {
  if (key === null || key === '') sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, key);
}

/** An API call that did not succeed: the problem's title and detail (or what stood in for them). */
export class ApiError extends Error {
  readonly code: string;
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    code: string | undefined,
    readonly conflicts: readonly { entityType: string; entityId: string; conflict: string }[] = [],
  ) {
    super(`${title}: ${detail}`);
    this.name = 'ApiError';
    this.code = code ?? `HTTP${status}`;
  }
}

interface ProblemJson {
  title?: unknown;
  detail?: unknown;
  code?: unknown;
  hint?: unknown;
  conflicts?: unknown;
}

async function failure(res: Response): Promise<ApiError> {
  const text = await res.text();
  let problem: ProblemJson = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) problem = parsed as ProblemJson;
  } catch {
    // Not JSON (a proxy's error page, say): its text is the detail.
  }
  const title = typeof problem.title === 'string' ? problem.title : `${res.status} ${res.statusText}`;
  let detail = typeof problem.detail === 'string' ? problem.detail : text.slice(0, 500) || '(no detail)';
  if (typeof problem.hint === 'string') detail += ` Hint: ${problem.hint}`;
  const conflicts = Array.isArray(problem.conflicts) ? (problem.conflicts as ApiError['conflicts']) : [];
  return new ApiError(res.status, title, detail, typeof problem.code === 'string' ? problem.code : undefined, conflicts);
}

export interface Sent {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
}

/** The raw response of a successful call (for callers that read headers too). */
export async function request(path: string, { method = 'GET', body }: Sent = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const key = apiKey();
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch (err) {
    throw new ApiError(0, 'Network error', `${method} ${path}: ${err instanceof Error ? err.message : String(err)}`, 'NETWORK');
  }
  if (!res.ok) throw await failure(res);
  return res;
}

/** The JSON body of a successful call (undefined for 204). */
export async function call<T>(path: string, sent: Sent = {}): Promise<T> {
  const res = await request(path, sent);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** One page of a list, and the URL of the next one (null: the last page). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/**
 * One page of a list route: the body is the page's items; a
 * `Link: <…>; rel="next"` header names the next page (followed as it is).
 */
export async function page<T>(path: string, limit: number): Promise<Page<T>> {
  let url = path;
  if (!/[?&]cursor=/.test(path)) url += `${path.includes('?') ? '&' : '?'}limit=${limit}`;
  const res = await request(url);
  const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
  return { items: (await res.json()) as T[], next };
}

/** Every page of a list (for the tree's small lists). */
export async function all<T>(path: string): Promise<T[]> {
  const out: T[] = [];
  for (let next: string | null = path; next !== null; ) {
    const p: Page<T> = await page<T>(next, 500);
    out.push(...p.items);
    next = p.next;
  }
  return out;
}
