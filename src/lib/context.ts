/**
 * Who, why and under which request/trace a unit of work writes: the
 * transaction-local settings checkpoint.reason / actor / request_id /
 * trace_id that the capture triggers record on every checkpoint.
 *
 * withContext(pool, ctx, fn) runs fn in one transaction with those settings.
 * The transaction travels with the async call chain (AsyncLocalStorage), so
 * a nested withContext, and every service call made inside fn, uses the same
 * client without it being passed along:
 *   - a nested withContext merges its context over the outer one (for the
 *     writes made inside it only) and runs in a SAVEPOINT: if it throws, its
 *     own writes are undone and the error goes on up; an error that leaves
 *     the outermost withContext rolls the whole transaction back.
 *   - a service call inside fn runs its statement in the transaction as is
 *     (no savepoint): if it fails, the transaction is aborted. Catching the
 *     error does not save it: withContext then rejects (25P02) rather than
 *     pretend to commit. Wrap the call in a nested withContext to carry on.
 * Nested withContext calls must not run concurrently inside one transaction
 * (they share one connection and one savepoint stack); plain service calls
 * may (`pg` queues them).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import type pg from 'pg';
import { CheckpointError, toCheckpointError, validate } from './errors.js';
import { Context } from './interfaces.js';

/** The context in force: what the next write records. */
export interface ActiveContext {
  readonly actor?: string;
  readonly reason?: string;
  readonly requestId?: string;
  readonly traceId?: string;
}

/** Anything that runs a query: the pool (a statement of its own) or a transaction's client. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

interface Transaction {
  readonly pool: pg.Pool;
  readonly client: pg.PoolClient;
  savepoints: number;
  /** Committed or rolled back: the client is back in the pool. */
  closed: boolean;
}

interface Frame {
  readonly tx: Transaction;
  readonly context: ActiveContext;
  /** The frame this one runs inside (a transaction on another pool, or the outer context). */
  readonly parent: Frame | undefined;
}

const storage = new AsyncLocalStorage<Frame>();

const settingNames = {
  reason: 'checkpoint.reason',
  actor: 'checkpoint.actor',
  requestId: 'checkpoint.request_id',
  traceId: 'checkpoint.trace_id',
} as const;

/** The context of the transaction this code runs in, or undefined outside withContext. */
export function currentContext(): ActiveContext | undefined {
  const frame = activeFrame();
  return frame ? { ...frame.context } : undefined;
}

/**
 * Runs fn(client) in one transaction whose checkpoint.* settings carry ctx;
 * commits, or rolls back and rethrows the error mapped by toCheckpointError.
 * Inside another withContext on the same pool: the same transaction (see
 * the file comment).
 */
export async function withContext<T>(
  pool: pg.Pool,
  ctx: Context,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const input = validate(Context, ctx);
  const outer = activeFrame(pool);
  const context = resolve(outer?.context, input);
  return outer ? nested(outer, context, fn) : transaction(pool, context, fn);
}

/**
 * Runs fn in the current transaction when there is one on this pool,
 * otherwise in a new one with an empty context (withContext). Errors come
 * out mapped. For writes.
 */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const frame = activeFrame(pool);
  if (!frame) return transaction(pool, resolve(undefined, {}), fn);
  try {
    return await fn(frame.tx.client);
  } catch (err) {
    throw toCheckpointError(err);
  }
}

/**
 * Runs fn with the current transaction's client, or with the pool (each
 * statement its own transaction) outside one. Errors come out mapped. For
 * reads of one statement: no BEGIN/COMMIT round trips.
 */
export async function inContext<T>(pool: pg.Pool, fn: (db: Queryable) => Promise<T>): Promise<T> {
  try {
    return await fn(activeFrame(pool)?.tx.client ?? pool);
  } catch (err) {
    throw toCheckpointError(err);
  }
}

/** The innermost open frame (on `pool`, when given). */
function activeFrame(pool?: pg.Pool): Frame | undefined {
  for (let frame = storage.getStore(); frame !== undefined; frame = frame.parent) {
    if (!frame.tx.closed && (pool === undefined || frame.tx.pool === pool)) return frame;
  }
  return undefined;
}

async function transaction<T>(
  pool: pg.Pool,
  context: ActiveContext,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw toCheckpointError(err);
  }
  const tx: Transaction = { pool, client, savepoints: 0, closed: false };
  let broken: Error | undefined;
  try {
    await client.query('begin');
    await applySettings(client, context);
    const result = await storage.run({ tx, context, parent: storage.getStore() }, () => fn(client));
    const commit = await client.query('commit');
    if (commit.command === 'ROLLBACK') {
      // A statement failed and fn caught the error: Postgres rolls back
      // instead of committing. Say so rather than return as if committed.
      throw new CheckpointError(
        'the transaction was rolled back: a statement in it failed and the error was caught',
        '25P02',
        500,
        { hint: 'Run the statement that may fail inside a nested withContext (a savepoint) to carry on after it.' },
      );
    }
    return result;
  } catch (err) {
    await client.query('rollback').catch((rollbackErr: unknown) => {
      // The connection is unusable: destroy it rather than pool it.
      broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
    });
    throw toCheckpointError(err);
  } finally {
    tx.closed = true;
    client.release(broken);
  }
}

async function nested<T>(
  outer: Frame,
  context: ActiveContext,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const { tx } = outer;
  const savepoint = `pgcp_${++tx.savepoints}`;
  const changed = !sameContext(context, outer.context);
  await tx.client.query(`savepoint ${savepoint}`).catch((err: unknown) => {
    throw toCheckpointError(err);
  });
  try {
    if (changed) await applySettings(tx.client, context);
    const result = await storage.run({ tx, context, parent: outer }, () => fn(tx.client));
    // Writes after this one record the outer context again.
    if (changed) await applySettings(tx.client, outer.context);
    await tx.client.query(`release savepoint ${savepoint}`);
    return result;
  } catch (err) {
    // Undoes the writes since the savepoint and the settings made after it.
    await tx.client.query(`rollback to savepoint ${savepoint}; release savepoint ${savepoint}`).catch(() => {
      // The transaction is beyond saving; the outermost withContext rolls it back.
    });
    throw toCheckpointError(err);
  }
}

/** The context a withContext runs with: its own values over the outer ones, the trace id resolved. */
function resolve(outer: ActiveContext | undefined, input: Context): ActiveContext {
  const traceId = activeSpanTraceId() ?? traceIdOf(input.traceparent) ?? input.traceId ?? outer?.traceId;
  const actor = input.actor ?? outer?.actor;
  const reason = input.reason ?? outer?.reason;
  const requestId = input.requestId ?? outer?.requestId;
  return {
    ...(actor === undefined ? {} : { actor }),
    ...(reason === undefined ? {} : { reason }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(traceId === undefined ? {} : { traceId }),
  };
}

/** The trace id of the active OpenTelemetry span, if there is a valid one. */
function activeSpanTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/** The trace id of a traceparent that the Context schema has already checked. */
function traceIdOf(traceparent: string | undefined): string | undefined {
  return traceparent?.split('-')[1];
}

function sameContext(a: ActiveContext, b: ActiveContext): boolean {
  return a.actor === b.actor && a.reason === b.reason && a.requestId === b.requestId && a.traceId === b.traceId;
}

/** Sets the four settings transaction-locally, as parameters; '' is "unset" to the capture. */
async function applySettings(client: pg.PoolClient, context: ActiveContext): Promise<void> {
  await client.query(
    `select set_config($1, $2, true), set_config($3, $4, true), set_config($5, $6, true), set_config($7, $8, true)`,
    [
      settingNames.reason,
      context.reason ?? '',
      settingNames.actor,
      context.actor ?? '',
      settingNames.requestId,
      context.requestId ?? '',
      settingNames.traceId,
      context.traceId ?? '',
    ],
  );
}
