/**
 * API keys of the HTTP service (table pgcheckpoint_api.keys): created with
 * a role, looked up by the SHA-256 of the bearer token, revoked. The key
 * itself is returned once, by createApiKey, and never stored.
 *
 * Roles, each including the ones before it: reader (GET), writer (every
 * write: entities, checkpoints, rollbacks, reverts, runs), admin (prune and
 * key management).
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { inContext } from '../lib/context.ts';
import { NotFound, validate } from '../lib/errors.ts';
import { isoTime, IsoTimeMicros } from '../lib/iso-time.ts';
import { afterCursor, cursorColumn, type Keyset, orderBy, type Page, PageInput, pageOf } from '../lib/keyset.ts';
import type pg from 'pg';

export const ApiRole = z.enum(['reader', 'writer', 'admin']);
export type ApiRole = z.infer<typeof ApiRole>;

/** Whether a key of role `has` may do what needs role `needs`. */
export function roleAllows(has: ApiRole, needs: ApiRole): boolean {
  return ApiRole.options.indexOf(has) >= ApiRole.options.indexOf(needs);
}

export const ApiKeyCreate = z.object({
  actor: z.string().trim().min(1).max(255).describe('Who the key acts as: the created_by of its writes'),
  role: ApiRole,
});
export type ApiKeyCreate = z.input<typeof ApiKeyCreate>;

export const ApiKeyInfo = z.object({
  id: z.uuid(),
  prefix: z.string().describe('The key’s first characters, to tell keys apart'),
  actor: z.string(),
  role: ApiRole,
  createdAt: IsoTimeMicros,
  revokedAt: IsoTimeMicros.nullable(),
});
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>;

/** What authentication needs of a key. */
export interface ApiPrincipal {
  id: string;
  actor: string;
  role: ApiRole;
}

const KEY_PREFIX = 'pgcp_';
const byCreation: Keyset = {
  keys: [
    { expr: 'created_at', type: 'timestamptz' },
    { expr: 'id', type: 'uuid' },
  ],
};
const SHOWN_CHARS = 12;

const infoColumns = `id, prefix, actor, role, ${isoTime('created_at')} as "createdAt", ${isoTime('revoked_at')} as "revokedAt"`;

function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Creates a key; the result's `key` is the only time the key is seen. */
export async function createApiKey(pool: pg.Pool, input: ApiKeyCreate): Promise<ApiKeyInfo & { key: string }> {
  const { actor, role } = validate(ApiKeyCreate, input);
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  return inContext(pool, async (db) => {
    const { rows } = await db.query<ApiKeyInfo>(
      `insert into pgcheckpoint_api.keys (key_hash, prefix, actor, role) values ($1, $2, $3, $4)
       returning ${infoColumns}`,
      [hashKey(key), key.slice(0, SHOWN_CHARS), actor, role],
    );
    const row = rows[0];
    if (row === undefined) throw new Error('insert into pgcheckpoint_api.keys returned no row');
    return { ...row, key };
  });
}

/** Every key, oldest first (revoked ones too, with revokedAt). */
export async function listApiKeys(pool: pg.Pool): Promise<ApiKeyInfo[]> {
  return inContext(pool, async (db) => {
    const { rows } = await db.query<ApiKeyInfo>(
      `select ${infoColumns} from pgcheckpoint_api.keys order by ${orderBy(byCreation)}`,
    );
    return rows;
  });
}

/** A page of listApiKeys. */
export async function pageApiKeys(pool: pg.Pool, page: PageInput = {}): Promise<Page<ApiKeyInfo>> {
  const { limit, cursor } = validate(PageInput, page);
  const after = afterCursor(byCreation, cursor, 2);
  return inContext(pool, async (db) => {
    const { rows } = await db.query<ApiKeyInfo & { __cursor: string[] }>(
      `select ${infoColumns}, ${cursorColumn(byCreation)} from pgcheckpoint_api.keys
        where ${after.sql} order by ${orderBy(byCreation)} limit $1`,
      [limit + 1, ...after.values],
    );
    return pageOf(rows, limit);
  });
}

/** Revokes a key by id; revoking a revoked key keeps its first revocation time. NotFound for an unknown id. */
export async function revokeApiKey(pool: pg.Pool, id: string): Promise<ApiKeyInfo> {
  const key = validate(z.uuid(), id);
  return inContext(pool, async (db) => {
    const { rows } = await db.query<ApiKeyInfo>(
      `update pgcheckpoint_api.keys set revoked_at = coalesce(revoked_at, now()) where id = $1
       returning ${infoColumns}`,
      [key],
    );
    const row = rows[0];
    if (row === undefined) throw new NotFound(`API key ${key} not found`);
    return row;
  });
}

/** The live (not revoked) key with this token, or undefined. */
export async function findApiKey(pool: pg.Pool, token: string): Promise<ApiPrincipal | undefined> {
  if (!token.startsWith(KEY_PREFIX)) return undefined;
  const { rows } = await pool.query<ApiPrincipal>(
    `select id, actor, role from pgcheckpoint_api.keys where key_hash = $1 and revoked_at is null`,
    [hashKey(token)],
  );
  return rows[0];
}

