/**
 * verify and prune: they walk the history in slices, each one autocommitted
 * statement (a short transaction), and show a progress bar on a terminal.
 */
import type pg from 'pg';
import { z } from 'zod';
import { CheckpointService } from '../lib/checkpoints.ts';
import { inContext } from '../lib/context.ts';
import { InvalidArgument, validate } from '../lib/errors.ts';
import { PruneInput, Uuid } from '../lib/interfaces.ts';
import { ExitCode } from './exit-codes.ts';
import { formatTable, plural } from './output.ts';
import { pruneBatch, pruneHorizon, pruneStart } from '../lib/prune.ts';
import { attr, traced } from '../lib/tracing.ts';
import { progressEnabled, startProgress } from './progress.ts';
import type { CommandResult } from './result.ts';

/** The rows of one query; a database error becomes the service's typed error. */
async function query<R extends pg.QueryResultRow>(pool: pg.Pool, text: string, values: unknown[] = []): Promise<R[]> {
  return inContext(pool, async (db) => (await db.query<R>(text, values)).rows);
}

/** A finding of verify: a checkpoint whose state no longer hashes to its stored hash. */
export interface Finding {
  checkpointId: string;
  /** Known when the whole history was scanned (pgcheckpoint.verify_range). */
  seq?: string;
  entityType?: string;
  entityId?: string;
  expectedHash: string;
  actualHash: string;
}

export interface VerifyOptions {
  type?: string;
  id?: string;
  /** Checkpoints per slice of the full scan. */
  batchSize: number;
  json: boolean;
}

const RangeFinding = z.object({
  checkpoint_id: Uuid,
  seq: z.union([z.string(), z.number()]).transform(String),
  entity_type: z.string(),
  entity_id: Uuid,
  expected_hash: z.string(),
  actual_hash: z.string(),
});

interface RangeRow {
  scanned: string;
  last_seq: string;
  findings: unknown;
}

/**
 * The whole history: pgcheckpoint.verify_range slice after slice until a
 * slice reads nothing, with progress against max(seq) read at the start.
 */
async function verifyAll(pool: pg.Pool, batchSize: number, json: boolean): Promise<{ scanned: number; findings: Finding[] }> {
  const enabled = progressEnabled(json);
  let total: number | undefined;
  if (enabled) {
    const [row] = await query<{ max: string | null }>(pool, 'select max(seq) as max from checkpoints');
    total = row?.max == null ? 0 : Number(row.max);
  }
  const progress = startProgress({
    enabled,
    total,
    unit: 'seq',
    details: '{scanned} checked, {found} corrupted',
    initial: { scanned: 0, found: 0 },
  });
  const findings: Finding[] = [];
  let scanned = 0;
  let after = '0';
  try {
    for (;;) {
      const [row] = await traced('pg-checkpoint verify_range', {}, async (span) => {
        const rows = await query<RangeRow>(
          pool,
          'select scanned, last_seq, findings from pgcheckpoint.verify_range($1::bigint, $2::integer)',
          [after, batchSize],
        );
        const scannedNow = Number(rows[0]?.scanned ?? 0);
        span.setAttributes({ [attr.rowsChanged]: 0, [attr.scanned]: scannedNow });
        return rows;
      });
      if (row === undefined || Number(row.scanned) === 0) break;
      scanned += Number(row.scanned);
      after = row.last_seq;
      for (const f of z.array(RangeFinding).parse(row.findings)) {
        findings.push({
          checkpointId: f.checkpoint_id,
          seq: f.seq,
          entityType: f.entity_type,
          entityId: f.entity_id,
          expectedHash: f.expected_hash,
          actualHash: f.actual_hash,
        });
      }
      progress.update(Number(after), { scanned, found: findings.length });
    }
  } finally {
    progress.stop();
  }
  return { scanned, findings };
}

export async function verifyCommand(pool: pg.Pool, options: VerifyOptions): Promise<CommandResult> {
  const filtered = options.type !== undefined || options.id !== undefined;
  let scanned: number | null = null;
  let findings: Finding[];
  if (filtered) {
    findings = await new CheckpointService(pool).verify({
      ...(options.type === undefined ? {} : { entityType: options.type }),
      ...(options.id === undefined ? {} : { entityId: options.id }),
    });
  } else {
    ({ scanned, findings } = await verifyAll(pool, options.batchSize, options.json));
  }
  const scope =
    options.id !== undefined
      ? `${options.type ?? '?'} ${options.id}`
      : options.type !== undefined
        ? `type ${options.type}`
        : 'all checkpoints';
  const json = {
    scope: {
      ...(options.type === undefined ? {} : { entityType: options.type }),
      ...(options.id === undefined ? {} : { entityId: options.id }),
    },
    scanned,
    corrupted: findings.length,
    findings,
  };
  const checked = scanned === null ? scope : `${scope}: ${plural(scanned, 'checkpoint')} checked`;
  if (findings.length === 0) return { json, human: `${checked}, none corrupted` };
  const table = filtered
    ? formatTable(
        [{ header: 'CHECKPOINT' }, { header: 'EXPECTED HASH' }, { header: 'ACTUAL HASH' }],
        findings.map((f) => [f.checkpointId, f.expectedHash, f.actualHash]),
      )
    : formatTable(
        [
          { header: 'SEQ', right: true },
          { header: 'CHECKPOINT' },
          { header: 'TYPE' },
          { header: 'ID' },
          { header: 'EXPECTED HASH' },
          { header: 'ACTUAL HASH' },
        ],
        findings.map((f) => [f.seq ?? '', f.checkpointId, f.entityType ?? '', f.entityId ?? '', f.expectedHash, f.actualHash]),
      );
  const n = plural(findings.length, 'corrupted checkpoint');
  return {
    json,
    human: `${checked}, ${findings.length} corrupted\n${table}`,
    exitCode: ExitCode.corrupted,
    stderr: `error: ${n} found: saved state no longer matches its hash (XX001)`,
  };
}

export interface PruneOptions {
  olderThan: string;
  keepLast: number;
  /** Entities per pgcheckpoint.prune_batch call. */
  batchSize: number;
  json: boolean;
}

/**
 * pgcheckpoint.prune_batch from the start until the cursor comes back null,
 * with the horizon (now() - older_than) computed once, by PostgreSQL.
 */
export async function pruneCommand(pool: pg.Pool, options: PruneOptions): Promise<CommandResult> {
  const { olderThan, keepLast } = validate(PruneInput, { olderThan: options.olderThan, keepLast: options.keepLast });
  const h = await inContext(pool, (db) => pruneHorizon(db, olderThan));
  if (h.negative) {
    throw new InvalidArgument(`prune: --older-than must not be negative (got "${olderThan}")`, {
      hint: 'Pass how old a checkpoint must be to go, e.g. --older-than "30 days".',
    });
  }

  const enabled = progressEnabled(options.json);
  let total: number | undefined;
  if (enabled) {
    // Only for the bar; a failure here (no privilege) shows up in the first batch.
    const rows = await query<{ n: string }>(
      pool,
      'select count(*) as n from (select distinct entity_type, entity_id from checkpoints) e',
    ).catch(() => []);
    total = rows[0] === undefined ? undefined : Number(rows[0].n);
  }
  const progress = startProgress({
    enabled,
    total,
    unit: 'entities',
    details: '{removed} removed',
    initial: { removed: 0 },
  });

  let removed = 0;
  let batches = 0;
  let entities = 0;
  let cursor = pruneStart;
  try {
    for (;;) {
      const batch = await inContext(pool, (db) => pruneBatch(db, h.horizon, keepLast, cursor, options.batchSize));
      if (batch === null) break;
      batches += 1;
      removed += batch.removed;
      // Every batch but the last holds batchSize entities; the last one's count is not returned.
      entities += options.batchSize;
      cursor = batch.next;
      progress.update(total === undefined ? entities : Math.min(entities, total), { removed });
    }
  } finally {
    progress.stop();
  }
  const json = { olderThan, keepLast, horizon: h.horizon, removed, batches };
  return {
    json,
    human: `removed ${plural(removed, 'checkpoint')} at or before ${h.horizon} (older than ${olderThan}, keep-last ${keepLast}) in ${plural(batches, 'batch', 'batches')}`,
  };
}
