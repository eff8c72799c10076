/**
 * The history, show, diff, restore and rollback commands: each one
 * CheckpointService call (writes
 * inside withContext, carrying --actor and --reason), its result as a JSON
 * document and as text.
 */
import type pg from 'pg';
import { z } from 'zod';
import { CheckpointService } from '../lib/checkpoints.ts';
import { withContext } from '../lib/context.ts';
import { NotFound, validate } from '../lib/errors.ts';
import { Uuid, type Checkpoint, type Context } from '../lib/interfaces.ts';
import {
  type Column,
  formatFields,
  formatTable,
  jsonCell,
  plural,
  prettyJson,
  remainingWidth,
} from './output.ts';
import type { CommandResult, GlobalOptions } from './result.ts';

/**
 * The context of a write: who (--actor), why (--reason), and the trace of
 * the caller when it passes one in the environment (TRACEPARENT,
 * TRACESTATE, BAGGAGE: OpenTelemetry's environment carriers), read like
 * incoming headers.
 */
export function writeContext(options: GlobalOptions): Context {
  const carrier = environmentCarrier();
  return {
    ...(options.actor === undefined ? {} : { actor: options.actor }),
    ...(options.reason === undefined ? {} : { reason: options.reason }),
    ...(carrier === undefined ? {} : { carrier }),
  };
}

function environmentCarrier(): Record<string, string> | undefined {
  const entries = ['TRACEPARENT', 'TRACESTATE', 'BAGGAGE'].flatMap((name) => {
    const value = process.env[name];
    return value === undefined || value === '' ? [] : [[name.toLowerCase(), value] as const];
  });
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** One checkpoint by id, with the CLI's own hint when it does not exist. */
async function getCheckpoint(service: CheckpointService, checkpointId: string): Promise<Checkpoint> {
  try {
    return await service.get(checkpointId);
  } catch (err) {
    if (err instanceof NotFound) {
      throw new NotFound(err.message, { hint: 'List an entity\'s checkpoints with `pg-checkpoint history <type> <id>`.' });
    }
    throw err;
  }
}

function entityLabel(type: string, id: string): string {
  return `${type} ${id}`;
}

export async function historyCommand(pool: pg.Pool, type: string, id: string): Promise<CommandResult> {
  const checkpoints = await new CheckpointService(pool).history(type, id);
  const header =
    checkpoints.length === 0
      ? `${entityLabel(type, id)}: no checkpoints`
      : `${entityLabel(type, id)}: ${plural(checkpoints.length, 'checkpoint')}, newest first`;
  if (checkpoints.length === 0) return { json: checkpoints, human: header };
  return { json: checkpoints, human: `${header}\n${checkpointsTable(checkpoints, false)}` };
}

/** Checkpoints as a table, the saved state cut to the terminal's width; with the entity of each when they differ. */
export function checkpointsTable(checkpoints: readonly Checkpoint[], withEntity: boolean): string {
  const columns: Column[] = [
    { header: 'SEQ', right: true },
    ...(withEntity ? [{ header: 'TYPE' }, { header: 'ID' }] : []),
    { header: 'CHECKPOINT' },
    { header: 'OPERATION' },
    { header: 'CREATED AT' },
    { header: 'CREATED BY', max: 24 },
    { header: 'REASON', max: 40 },
  ];
  const rows = checkpoints.map((c) => [
    c.seq,
    ...(withEntity ? [c.entityType, c.entityId] : []),
    c.id,
    c.operation,
    c.createdAt,
    c.createdBy ?? '',
    c.reason ?? '',
    JSON.stringify(c.stateData),
  ]);
  const fixed = formatTable(columns, rows.map((r) => r.slice(0, columns.length)));
  const usedWidth = Math.max(...fixed.split('\n').map((l) => l.length)) + 2;
  return formatTable([...columns, { header: 'STATE', max: remainingWidth(usedWidth, 60) }], rows);
}

export async function showCommand(pool: pg.Pool, checkpointId: string): Promise<CommandResult> {
  const c = await getCheckpoint(new CheckpointService(pool), checkpointId);
  const fields: Array<[string, string]> = [
    ['checkpoint', c.id],
    ['seq', c.seq],
    ['entity', entityLabel(c.entityType, c.entityId)],
    ['operation', c.operation],
    ['created at', c.createdAt],
    ['created by', c.createdBy ?? ''],
    ['reason', c.reason ?? ''],
    ['request id', c.requestId ?? ''],
    ['trace id', c.traceId ?? ''],
    ['span id', c.spanId ?? ''],
    ['parent id', c.parentId ?? ''],
    ['transaction', c.transactionId],
    ['state hash', c.stateHash],
  ];
  return { json: c, human: `${formatFields(fields)}\nstate:\n${prettyJson(c.stateData)}` };
}

export async function diffCommand(pool: pg.Pool, from: string, to: string): Promise<CommandResult> {
  // Checked here so that an error names diff's own arguments (<from>, <to>),
  // not the service's fields (which rollback's --to-checkpoint shares).
  validate(z.object({ from: Uuid, to: Uuid }), { from, to });
  const diff = await new CheckpointService(pool).diff(from, to);
  const columns = Object.keys(diff).sort();
  if (columns.length === 0) return { json: diff, human: `no differences between ${from} and ${to}` };
  const width = Math.floor(remainingWidth(Math.max(6, ...columns.map((c) => c.length)) + 4, 100) / 2);
  const table = formatTable(
    [{ header: 'COLUMN' }, { header: 'FROM', max: width }, { header: 'TO', max: width }],
    columns.map((col) => [col, jsonCell(diff[col]?.from, width), jsonCell(diff[col]?.to, width)]),
  );
  return { json: diff, human: `${plural(columns.length, 'column')} differ from ${from} to ${to}\n${table}` };
}

export async function restoreCommand(pool: pg.Pool, checkpointId: string, options: GlobalOptions): Promise<CommandResult> {
  const service = new CheckpointService(pool);
  await withContext(pool, writeContext(options), () => service.restore(checkpointId));
  // Restore succeeded, so the id is a valid, readable checkpoint.
  const c = await getCheckpoint(service, checkpointId);
  return {
    json: { restored: { checkpointId: c.id, entityType: c.entityType, entityId: c.entityId, seq: c.seq } },
    human: `restored ${entityLabel(c.entityType, c.entityId)} to checkpoint ${c.id} (seq ${c.seq}, ${c.operation}, ${c.createdAt})`,
  };
}

export interface RollbackOptions {
  toCheckpoint?: string;
  toTime?: string;
  cascade: boolean;
  dryRun: boolean;
}

export async function rollbackCommand(
  pool: pg.Pool,
  type: string,
  id: string,
  rollback: RollbackOptions,
  options: GlobalOptions,
): Promise<CommandResult> {
  const service = new CheckpointService(pool);
  const changes = await withContext(pool, writeContext(options), () =>
    service.rollback({
      entityType: type,
      entityId: id,
      ...(rollback.toCheckpoint === undefined ? {} : { toCheckpoint: rollback.toCheckpoint }),
      ...(rollback.toTime === undefined ? {} : { toTime: rollback.toTime }),
      cascade: rollback.cascade,
      dryRun: rollback.dryRun,
    }),
  );
  const target =
    rollback.toCheckpoint !== undefined
      ? `checkpoint ${rollback.toCheckpoint}`
      : rollback.toTime !== undefined
        ? `time ${rollback.toTime}`
        : 'its latest manual checkpoint';
  const json = {
    entityType: type,
    entityId: id,
    target:
      rollback.toCheckpoint !== undefined
        ? { toCheckpoint: rollback.toCheckpoint }
        : rollback.toTime !== undefined
          ? { toTime: rollback.toTime }
          : { latestManual: true },
    cascade: rollback.cascade,
    dryRun: rollback.dryRun,
    changes,
  };
  const scope = rollback.cascade ? '' : ' (no cascade)';
  const head = rollback.dryRun
    ? `dry run: rolling back ${entityLabel(type, id)} to ${target}${scope} would change ${plural(changes.length, 'entity', 'entities')}; nothing was changed`
    : `rolled back ${entityLabel(type, id)} to ${target}${scope}: ${plural(changes.length, 'entity', 'entities')} changed`;
  if (changes.length === 0) return { json, human: head };
  const table = formatTable(
    [{ header: 'TYPE' }, { header: 'ID' }, { header: rollback.dryRun ? 'WOULD BE' : 'ACTION' }],
    changes.map((s) => [s.entityType, s.entityId, s.action]),
  );
  return { json, human: `${head}\n${table}` };
}
