/**
 * The page's only way to the server: the public HTTP API, same origin,
 * through openapi-fetch typed by the served OpenAPI document
 * (src/client/api.ts), so a call the API does not declare fails the type
 * check. The user's API key goes on every call (Authorization: Bearer). A
 * failure is an ApiError carrying the problem+json title and detail, to be
 * shown as they are.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../../src/client/api.ts';

type Schemas = components['schemas'];
export type PlanRow = Schemas['Plan'];
export type TaskRow = Schemas['Task'];
export type ArtifactRow = Schemas['Artifact'];
export type Checkpoint = Schemas['Checkpoint'];
export type RollbackStep = Schemas['RollbackStep'];
export type RevertStep = Schemas['RevertStep'];
export type UnitChange = Schemas['UnitChange'];
type Problem = Schemas['Problem'];

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

const withKey: Middleware = {
  onRequest({ request }) {
    const key = apiKey();
    if (key !== null) request.headers.set('authorization', `Bearer ${key}`);
    return request;
  },
  // No answer at all (server down, network gone): an ApiError too, thrown by the call.
  onError({ request, error }) {
    const why = error instanceof Error ? error.message : String(error);
    return new ApiError(0, 'Network error', `${request.method} ${new URL(request.url).pathname}: ${why}`, 'NETWORK');
  },
};

export const api = createClient<paths>({ baseUrl: location.origin });
api.use(withKey);

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).title === 'string';
}

/** An answer's data, or its problem as an ApiError (a body that is not a problem: its status stands in). */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  const { data, error, response } = result;
  if (error === undefined && response.ok) return data as T;
  if (isProblem(error)) {
    const detail = error.hint === undefined ? error.detail : `${error.detail} Hint: ${error.hint}`;
    return raise(new ApiError(response.status, error.title, detail, error.code, error.conflicts ?? []));
  }
  const text = typeof error === 'string' ? error.slice(0, 500) : JSON.stringify(error ?? null);
  return raise(new ApiError(response.status, `${response.status} ${response.statusText}`, text, undefined));
}

function raise(err: ApiError): never {
  throw err;
}

/** One page of a list, and the cursor of the next one (null: the last page). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** A list's page: the body is its items; the Link rel="next" header names the next page by its cursor. */
export function pageOf<T>(result: { data?: T[]; error?: unknown; response: Response }): Page<T> {
  const items = unwrap(result);
  const link = /<([^>]+)>\s*;\s*rel="?next"?/.exec(result.response.headers.get('link') ?? '')?.[1];
  const next = link === undefined ? null : new URL(link, location.origin).searchParams.get('cursor');
  return { items, next };
}

/** Every page of a list (for the tree's small lists). */
export async function all<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await fetchPage(cursor);
    out.push(...p.items);
    cursor = p.next ?? undefined;
  } while (cursor !== undefined);
  return out;
}
