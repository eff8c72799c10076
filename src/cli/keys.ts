/**
 * `pg-checkpoint keys create|list|revoke`: the HTTP API's keys
 * (src/http/api-keys.ts). `create` prints the key once; only its hash is
 * stored, so a lost key is revoked and replaced, never recovered.
 */
import type pg from 'pg';
import { type ApiKeyInfo, type ApiRole, createApiKey, listApiKeys, revokeApiKey } from '../http/api-keys.ts';
import { InvalidArgument } from '../lib/errors.ts';
import { formatTable } from './output.ts';
import type { CommandResult } from './result.ts';

export async function keysCreateCommand(pool: pg.Pool, actor: string | undefined, role: ApiRole): Promise<CommandResult> {
  if (actor === undefined) throw new InvalidArgument('invalid argument: keys create needs --actor <name>');
  const created = await createApiKey(pool, { actor, role });
  return {
    json: created,
    human: [
      created.key,
      '',
      `API key ${created.id} for ${created.actor} (role ${created.role}).`,
      'Send it as `Authorization: Bearer <key>`. It is shown this once: only its hash is stored.',
    ].join('\n'),
  };
}

function keyRow(k: ApiKeyInfo): string[] {
  return [k.id, `${k.prefix}…`, k.actor, k.role, k.createdAt, k.revokedAt ?? ''];
}

const columns = ['id', 'key', 'actor', 'role', 'created', 'revoked'].map((header) => ({ header }));

export async function keysListCommand(pool: pg.Pool): Promise<CommandResult> {
  const keys = await listApiKeys(pool);
  return { json: keys, human: keys.length === 0 ? 'no API keys' : formatTable(columns, keys.map(keyRow)) };
}

export async function keysRevokeCommand(pool: pg.Pool, id: string): Promise<CommandResult> {
  const revoked = await revokeApiKey(pool, id);
  return { json: revoked, human: `revoked API key ${revoked.id} of ${revoked.actor} (at ${revoked.revokedAt ?? '?'})` };
}
