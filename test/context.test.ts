/**
 * withContext: the four checkpoint.* settings recorded on real checkpoints,
 * the trace id from a real OpenTelemetry span or a traceparent, and nested
 * calls sharing one transaction.
 */
import { randomUUID } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';
import pg from 'pg';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CheckpointService } from '../src/lib/checkpoints.js';
import { currentContext, withContext } from '../src/lib/context.js';
import type { Entities } from '../src/app/entities.js';
import { InvalidArgument, NotFound } from '../src/lib/errors.js';
import type { Checkpoint } from '../src/lib/interfaces.js';
import { openServiceDb, type TestDatabase } from './helpers/db.js';

let db: TestDatabase;
let service: CheckpointService;
let e: Entities;
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(async () => {
  ({ db, service, e } = await openServiceDb());
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(provider);
});

afterAll(async () => {
  trace.disable();
  context.disable();
  await provider.shutdown();
  await db?.drop();
});

async function latest(entityType: string, entityId: string): Promise<Checkpoint> {
  const [newest] = await service.history(entityType, entityId);
  if (!newest) throw new Error(`no history for ${entityType} ${entityId}`);
  return newest;
}

async function count(table: 'plans' | 'tasks', where: string, values: unknown[]): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, values);
  return rows[0]?.n ?? -1;
}

const traceparent = (traceId: string) => `00-${traceId}-00f067aa0ba902b7-01`;

describe('withContext records the context on every checkpoint', () => {
  it('reason, actor (created_by), request_id of a real request log, trace id from a traceparent', async () => {
    const { rows } = await db.pool.query<{ id: string }>(
      `insert into request_logs (method, path) values ('POST', '/plans') returning id`,
    );
    const requestId = rows[0]?.id ?? '';
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const plan = await withContext(
      db.pool,
      { reason: 'user asked', actor: 'alice', requestId, traceparent: traceparent(traceId) },
      async () => {
        const p = await e.plans.create({ title: 'with context' });
        await service.create('plan', p.id, 'explicit reason wins');
        return p;
      },
    );
    const [manual, insert] = await service.history('plan', plan.id);
    expect(insert).toMatchObject({ operation: 'insert', reason: 'user asked', createdBy: 'alice', requestId, traceId });
    expect(manual).toMatchObject({
      operation: 'manual',
      reason: 'explicit reason wins',
      createdBy: 'alice',
      requestId,
      traceId,
    });
  });

  it('without context: no reason, no request, no trace; created_by is the writing role', async () => {
    const plan = await e.plans.create({ title: 'bare' });
    const { rows } = await db.pool.query<{ who: string }>('select current_user as who');
    expect(await latest('plan', plan.id)).toMatchObject({
      reason: null,
      requestId: null,
      traceId: null,
      createdBy: rows[0]?.who,
    });
  });

  it('the settings are transaction-local: the next transaction on the pool does not inherit them', async () => {
    await withContext(db.pool, { actor: 'bob', reason: 'once' }, () => e.plans.create({ title: 'first' }));
    const plan = await e.plans.create({ title: 'second' });
    const newest = await latest('plan', plan.id);
    expect(newest.reason).toBeNull();
    expect(newest.createdBy).not.toBe('bob');
  });

  it('an explicit traceId is used when there is no span and no traceparent', async () => {
    const traceId = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const plan = await withContext(db.pool, { traceId }, () => e.plans.create({ title: 'explicit trace' }));
    expect((await latest('plan', plan.id)).traceId).toBe(traceId);
  });

  it('a malformed traceparent, trace id or request id is InvalidArgument, before any write', async () => {
    const bad = [
      { traceparent: 'garbage' },
      { traceparent: '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01' },
      { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` },
      { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01' },
      { traceparent: '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
      { traceId: '0'.repeat(32) },
      { requestId: 'not-a-uuid' },
    ];
    for (const ctx of bad) {
      const title = `never ${randomUUID()}`;
      const body = vi.fn(() => e.plans.create({ title }));
      await expect(withContext(db.pool, ctx, body)).rejects.toBeInstanceOf(InvalidArgument);
      // Refused before the body ran, not written and rolled back.
      expect(body).not.toHaveBeenCalled();
      expect(await count('plans', 'title = $1', [title])).toBe(0);
    }
  });
});

describe('trace id from OpenTelemetry', () => {
  it('is the active span trace id and span id without an explicit trace context', async () => {
    const tracer = trace.getTracer('pg-checkpoint-test');
    const { plan, span } = await tracer.startActiveSpan('create plan', async (span) => {
      // Across awaits and into the transaction: the context manager carries the span.
      await new Promise((r) => setTimeout(r, 1));
      const p = await withContext(db.pool, { actor: 'traced' }, async () => {
        expect(currentContext()?.traceId).toBe(span.spanContext().traceId);
        return e.plans.create({ title: 'traced' });
      });
      span.end();
      return { plan: p, span };
    });
    const { traceId, spanId } = span.spanContext();
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe('0'.repeat(32));
    expect(exporter.getFinishedSpans().map((s) => s.spanContext().traceId)).toContain(traceId);
    const { rows } = await db.pool.query<{ trace_id: string; span_id: string }>(
      `select trace_id, span_id from checkpoints where entity_id = $1 and operation = 'insert'`,
      [plan.id],
    );
    expect(rows).toEqual([{ trace_id: traceId, span_id: spanId }]);
  });

  it('an explicit traceparent wins over the active span', async () => {
    const tracer = trace.getTracer('pg-checkpoint-test');
    const explicit = 'b'.repeat(32);
    const plan = await tracer.startActiveSpan('ambient', async (span) => {
      try {
        return await withContext(db.pool, { traceparent: traceparent(explicit) }, async () => {
          expect(currentContext()).toMatchObject({ traceId: explicit, spanId: '00f067aa0ba902b7' });
          return e.plans.create({ title: 'explicit wins' });
        });
      } finally {
        span.end();
      }
    });
    expect((await latest('plan', plan.id)).traceId).toBe(explicit);
  });

  it('an invalid (all-zero) span context is ignored: the traceparent is used', async () => {
    const invalid = trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 });
    const traceId = 'c'.repeat(32);
    const plan = await context.with(trace.setSpan(context.active(), invalid), () =>
      withContext(db.pool, { traceparent: traceparent(traceId) }, () => e.plans.create({ title: 'untraced span' })),
    );
    expect((await latest('plan', plan.id)).traceId).toBe(traceId);
  });
});

describe('nesting', () => {
  it('nested withContext and service calls share one transaction; inner context applies to inner writes only', async () => {
    const seen = await withContext(db.pool, { actor: 'outer-actor', reason: 'outer' }, async (outerClient) => {
      const plan = await e.plans.create({ title: 'nested' });
      const inner = await withContext(db.pool, { reason: 'inner' }, async (innerClient) => {
        expect(innerClient).toBe(outerClient);
        expect(currentContext()).toEqual({ actor: 'outer-actor', reason: 'inner' });
        // Sees the outer's uncommitted plan: same transaction.
        return e.tasks.create({ planId: plan.id, title: 'inner task' });
      });
      expect(currentContext()).toEqual({ actor: 'outer-actor', reason: 'outer' });
      const after = await e.tasks.create({ planId: plan.id, title: 'after inner' });
      // Not visible to another connection until the outer commits.
      expect(await count('plans', 'id = $1', [plan.id])).toBe(0);
      return { plan, inner, after };
    });
    expect(currentContext()).toBeUndefined();
    const plan = await latest('plan', seen.plan.id);
    const inner = await latest('task', seen.inner.id);
    const after = await latest('task', seen.after.id);
    expect(plan).toMatchObject({ reason: 'outer', createdBy: 'outer-actor' });
    expect(inner).toMatchObject({ reason: 'inner', createdBy: 'outer-actor' });
    expect(after).toMatchObject({ reason: 'outer', createdBy: 'outer-actor' });
    expect(new Set([plan.transactionId, inner.transactionId, after.transactionId]).size).toBe(1);
  });

  it('a failure inside rolls everything back', async () => {
    const title = `doomed ${randomUUID()}`;
    const failure = withContext(db.pool, { reason: 'outer' }, async () => {
      const plan = await e.plans.create({ title });
      await withContext(db.pool, { reason: 'inner' }, async () => {
        await e.tasks.create({ planId: plan.id, title: 'doomed task' });
        await service.create('plan', plan.id);
        throw new Error('step exploded');
      });
    });
    await expect(failure).rejects.toThrow('step exploded');
    expect(await count('plans', 'title = $1', [title])).toBe(0);
    expect(await count('tasks', `title = 'doomed task'`, [])).toBe(0);
  });

  it('an inner failure caught by the outer undoes only the inner writes (savepoint)', async () => {
    const plan = await withContext(db.pool, {}, async () => {
      const p = await e.plans.create({ title: 'survivor' });
      await withContext(db.pool, {}, async () => {
        await e.tasks.create({ planId: p.id, title: 'undone' });
        throw new Error('inner only');
      }).catch(() => {});
      await e.tasks.create({ planId: p.id, title: 'kept' });
      return p;
    });
    expect((await e.tasks.listByPlan(plan.id)).map((t) => t.title)).toEqual(['kept']);
  });

  it('errors come out mapped, from service calls and from withContext', async () => {
    const title = `caught ${randomUUID()}`;
    let inside: unknown;
    const outcome = withContext(db.pool, {}, async () => {
      await e.plans.create({ title });
      inside = await service.restore(randomUUID()).catch((err: unknown) => err);
    });
    // The error was caught, but the transaction was aborted: no silent non-commit.
    await expect(outcome).rejects.toMatchObject({ code: '25P02' });
    expect(inside).toBeInstanceOf(NotFound);
    expect(await count('plans', 'title = $1', [title])).toBe(0);
    await expect(
      withContext(db.pool, {}, async (client) => {
        await client.query(`select restore_checkpoint($1)`, [randomUUID()]);
      }),
    ).rejects.toMatchObject({ name: 'NotFound', code: 'P0002', status: 404 });
  });

  it('a transaction on another pool in between does not hide the outer one', async () => {
    const other = new pg.Pool({ connectionString: db.url });
    try {
      const ids = await withContext(db.pool, { reason: 'outer pool' }, async () => {
        const first = await e.plans.create({ title: 'pool A, outside' });
        const second = await withContext(other, { reason: 'pool B' }, async () =>
          // A call on the first pool, inside the second pool's transaction: the first's transaction.
          e.plans.create({ title: 'pool A, inside B' }),
        );
        return [first.id, second.id];
      });
      const [a, b] = await Promise.all(ids.map((id) => latest('plan', id)));
      expect(b?.transactionId).toBe(a?.transactionId);
      expect(b?.reason).toBe('outer pool');
    } finally {
      await other.end();
    }
  });

  it('work started inside but finishing after the transaction does not reuse its client', async () => {
    let late: Promise<unknown> = Promise.resolve();
    await withContext(db.pool, { reason: 'short' }, async () => {
      late = new Promise((r) => setTimeout(r, 50)).then(() => e.plans.create({ title: 'late write' }));
    });
    const plan = (await late) as { id: string };
    expect(await latest('plan', plan.id)).toMatchObject({ reason: null });
  });
});
