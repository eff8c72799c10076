/**
 * Who, why and under which request/trace/span a unit of work writes: the
 * transaction-local settings checkpoint.reason / actor / request_id /
 * trace_id / span_id that the capture triggers record on every checkpoint.
 *
 * The trace, first that applies:
 *   1. an explicit trace context in ctx: `carrier` (incoming headers, read
 *      by the configured propagator, see propagation.ts) or `traceparent`;
 *      it wins over the ambient span and becomes the active parent inside fn,
 *      so the spans started there (the service's own) join that trace;
 *   2. `traceId` alone (no span id: checkpoints carry the trace id only);
 *   3. the outer withContext's trace, narrowed to the active span when that
 *      span belongs to the same trace;
 *   4. the active OpenTelemetry span.
 * The span id recorded is that of the span in force when the write is made:
 * the service's own span for a service call (inTransaction sets it for the
 * call's statements), else the span named by 1, 3 or 4 when withContext began.
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
import { type SpanContext, context as otelContext, isSpanContextValid, trace } from '@opentelemetry/api';
import type pg from 'pg';
import { CheckpointError, toCheckpointError, validate } from './errors.js';
import { Context } from './interfaces.js';
import { extractSpanContext } from './propagation.js';

/** The context in force: what the next write records. */
export interface ActiveContext {
  readonly actor?: string;
  readonly reason?: string;
  readonly requestId?: string;
  readonly traceId?: string;
  /** The span the writes belong to (16 hex digits). */
  readonly spanId?: string;
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
  spanId: 'checkpoint.span_id',
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
  const explicit = explicitSpanContext(input);
  const context = resolve(outer?.context, input, explicit);
  const run = (): Promise<T> => (outer ? nested(outer, context, fn) : transaction(pool, context, fn));
  // The explicit parent is the active one inside: spans started in fn join its trace.
  return explicit ? otelContext.with(trace.setSpanContext(otelContext.active(), explicit), run) : run();
}

/**
 * Runs fn in the current transaction when there is one on this pool,
 * otherwise in a new one with an empty context (withContext). Errors come
 * out mapped. For writes.
 */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const frame = activeFrame(pool);
  if (!frame) return transaction(pool, resolve(undefined, {}, undefined), fn);
  // The statements of this call record the active span (a service call's
  // own), then the transaction's context is in force again. A span of
  // another trace than the transaction's (given as a bare traceId, which no
  // span can descend from) does not override it: the explicit trace wins.
  const span = activeSpanContext();
  const sameTrace = span !== undefined && (frame.context.traceId ?? span.traceId) === span.traceId;
  const own: ActiveContext = sameTrace ? { ...frame.context, traceId: span.traceId, spanId: span.spanId } : frame.context;
  const changed = !sameContext(own, frame.context);
  const { client } = frame.tx;
  let failed = false;
  try {
    if (changed) await applySettings(client, own);
    return await fn(client);
  } catch (err) {
    failed = true;
    throw toCheckpointError(err);
  } finally {
    if (changed) {
      await applySettings(client, frame.context).catch((err: unknown) => {
        // After a failed statement the transaction is aborted and takes no
        // more writes: nothing left to record the settings on.
        if (!failed) throw toCheckpointError(err);
      });
    }
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

/**
 * The span context ctx names explicitly: its carrier (with its traceparent,
 * if given apart, over the carrier's), through the configured propagator.
 */
function explicitSpanContext(input: Context): SpanContext | undefined {
  if (input.carrier === undefined && input.traceparent === undefined) return undefined;
  const carrier = {
    ...input.carrier,
    ...(input.traceparent === undefined ? {} : { traceparent: input.traceparent }),
  };
  return extractSpanContext(otelContext.active(), carrier);
}

/** The context a withContext runs with: its own values over the outer ones, the trace resolved (file comment). */
function resolve(outer: ActiveContext | undefined, input: Context, explicit: SpanContext | undefined): ActiveContext {
  const { traceId, spanId } = resolveTrace(outer, input, explicit);
  const actor = input.actor ?? outer?.actor;
  const reason = input.reason ?? outer?.reason;
  const requestId = input.requestId ?? outer?.requestId;
  return {
    ...(actor === undefined ? {} : { actor }),
    ...(reason === undefined ? {} : { reason }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(traceId === undefined ? {} : { traceId }),
    ...(spanId === undefined ? {} : { spanId }),
  };
}

function resolveTrace(
  outer: ActiveContext | undefined,
  input: Context,
  explicit: SpanContext | undefined,
): { traceId?: string; spanId?: string } {
  if (explicit) return { traceId: explicit.traceId, spanId: explicit.spanId };
  if (input.traceId !== undefined) return { traceId: input.traceId };
  const active = activeSpanContext();
  if (outer?.traceId !== undefined && active?.traceId !== outer.traceId) {
    return { traceId: outer.traceId, ...(outer.spanId === undefined ? {} : { spanId: outer.spanId }) };
  }
  return active ? { traceId: active.traceId, spanId: active.spanId } : {};
}

/** The active OpenTelemetry span's context, if there is a valid one. */
function activeSpanContext(): SpanContext | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? spanContext : undefined;
}

function sameContext(a: ActiveContext, b: ActiveContext): boolean {
  return (
    a.actor === b.actor &&
    a.reason === b.reason &&
    a.requestId === b.requestId &&
    a.traceId === b.traceId &&
    a.spanId === b.spanId
  );
}

/** Sets the five settings transaction-locally, as parameters; '' is "unset" to the capture. */
async function applySettings(client: pg.PoolClient, context: ActiveContext): Promise<void> {
  await client.query(
    `select set_config($1, $2, true), set_config($3, $4, true), set_config($5, $6, true), set_config($7, $8, true),
            set_config($9, $10, true)`,
    [
      settingNames.reason,
      context.reason ?? '',
      settingNames.actor,
      context.actor ?? '',
      settingNames.requestId,
      context.requestId ?? '',
      settingNames.traceId,
      context.traceId ?? '',
      settingNames.spanId,
      context.spanId ?? '',
    ],
  );
}
