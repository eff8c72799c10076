/**
 * Tracing with the real OpenTelemetry SDK (in-memory exporter) against a
 * real PostgreSQL: the service's spans and their attributes, the checkpoint
 * rows linking to the exact span (trace_id, span_id), an incoming trace
 * context (traceparent over HTTP, a custom propagator) becoming the parent.
 */
import { randomUUID } from 'node:crypto';
import {
  type Context as OtelContext,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  SpanStatusCode,
  TraceFlags,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.ts';
import type { Entities } from '../src/app/entities.ts';
import type { CheckpointService } from '../src/lib/checkpoints.ts';
import { withContext } from '../src/lib/context.ts';
import { pruneBatch, pruneHorizon, pruneStart } from '../src/lib/prune.ts';
import { version } from '../src/version.ts';
import { makeWorkerUtils } from 'graphile-worker';
import { defaultWorkerConfig } from '../src/worker/config.ts';
import { startWorker } from '../src/worker/worker.ts';
import { corruptCheckpoint } from './helpers/history.ts';
import { captureLog, finishedRuns, trackJobs } from './helpers/worker.ts';
import { openServiceDb, type TestDatabase } from './helpers/db.ts';
import { authorize, call, ok } from './helpers/http.ts';

let db: TestDatabase;
let service: CheckpointService;
let e: Entities;
let app: FastifyInstance;
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(async () => {
  ({ db, service, e } = await openServiceDb());
  app = await buildApp({ pool: db.pool });
  await authorize(app, db.pool);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
});

afterEach(() => {
  exporter.reset();
  propagation.disable();
});

afterAll(async () => {
  trace.disable();
  context.disable();
  await provider.shutdown();
  await app?.close();
  await db?.drop();
});

/** The one finished span of this name. */
function span(name: string): ReadableSpan {
  const found = exporter.getFinishedSpans().filter((s) => s.name === name);
  expect(found.map((s) => s.name)).toEqual([name]);
  return found[0] as ReadableSpan;
}

/** trace_id and span_id of checkpoints of an entity, oldest first, with the operation. */
async function links(entityId: string): Promise<Array<{ operation: string; trace_id: string | null; span_id: string | null }>> {
  const { rows } = await db.pool.query<{ operation: string; trace_id: string | null; span_id: string | null }>(
    'select operation, trace_id, span_id from checkpoints where entity_id = $1 order by seq',
    [entityId],
  );
  return rows;
}

const remoteTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
const remoteSpan = '00f067aa0ba902b7';
const traceparent = `00-${remoteTrace}-${remoteSpan}-01`;

describe('the service emits a span per operation, from the tracer pg-checkpoint', () => {
  it('create, rollback (dry run and real), restore: names, attributes, and checkpoints linked to their span', async () => {
    const plan = await e.plans.create({ title: 'spans' });
    const checkpointId = await service.create('plan', plan.id, 'before edits');
    const create = span('pg-checkpoint create_checkpoint');
    expect(create.instrumentationScope).toMatchObject({ name: 'pg-checkpoint', version });
    expect(create.status.code).toBe(SpanStatusCode.UNSET);
    expect(create.attributes).toMatchObject({
      'checkpoint.entity_type': 'plan',
      'checkpoint.entity_id': plan.id,
      'checkpoint.id': checkpointId,
      'checkpoint.outcome': 'ok',
      'db.system.name': 'postgresql',
    });

    await e.plans.update(plan.id, { title: 'edited' });
    await e.tasks.create({ planId: plan.id, title: 'added' });
    exporter.reset();
    const wouldChange = await service.rollback({ entityType: 'plan', entityId: plan.id, dryRun: true });
    expect(span('pg-checkpoint rollback_entity').attributes).toMatchObject({
      'checkpoint.entity_type': 'plan',
      'checkpoint.entity_id': plan.id,
      'checkpoint.dry_run': true,
      'checkpoint.rows_changed': wouldChange.length,
      'checkpoint.outcome': 'ok',
    });
    expect(wouldChange.length).toBe(2);

    exporter.reset();
    const changed = await service.rollback({ entityType: 'plan', entityId: plan.id, toCheckpoint: checkpointId });
    const rollback = span('pg-checkpoint rollback_entity');
    expect(rollback.attributes).toMatchObject({
      'checkpoint.id': checkpointId,
      'checkpoint.dry_run': false,
      'checkpoint.rows_changed': changed.length,
    });

    await e.plans.update(plan.id, { title: 'edited again' });
    exporter.reset();
    await service.restore(checkpointId);
    const restore = span('pg-checkpoint restore_checkpoint');
    expect(restore.attributes).toMatchObject({ 'checkpoint.id': checkpointId, 'checkpoint.outcome': 'ok' });

    // Each checkpoint names the span of the operation that wrote it; plain
    // writes outside any span carry none.
    const id = (s: ReadableSpan) => ({ trace_id: s.spanContext().traceId, span_id: s.spanContext().spanId });
    expect(await links(plan.id)).toEqual([
      { operation: 'insert', trace_id: null, span_id: null },
      { operation: 'manual', ...id(create) },
      { operation: 'update', trace_id: null, span_id: null },
      { operation: 'update', ...id(rollback) },
      { operation: 'update', trace_id: null, span_id: null },
      { operation: 'update', ...id(restore) },
    ]);
  });

  it('revert, verify, prune and a prune batch: attributes with what each changed or found', async () => {
    const unit = 'a1'.repeat(16);
    const plan = await withContext(db.pool, { traceId: unit }, () => e.plans.create({ title: 'to revert' }));
    const dry = await service.revert({ traceId: unit, dryRun: true });
    expect(span('pg-checkpoint revert_changes').attributes).toMatchObject({
      'checkpoint.unit.trace_id': unit,
      'checkpoint.on_conflict': 'abort',
      'checkpoint.dry_run': true,
      'checkpoint.rows_changed': 1,
    });
    expect(dry).toEqual([expect.objectContaining({ entityId: plan.id, action: 'deleted' })]);
    exporter.reset();
    await service.revert({ traceId: unit });
    const revert = span('pg-checkpoint revert_changes');
    expect(revert.attributes).toMatchObject({ 'checkpoint.dry_run': false, 'checkpoint.rows_changed': 1 });
    expect((await links(plan.id)).at(-1)).toEqual({
      operation: 'delete',
      trace_id: revert.spanContext().traceId,
      span_id: revert.spanContext().spanId,
    });

    exporter.reset();
    await service.verify({ entityType: 'plan', entityId: plan.id });
    expect(span('pg-checkpoint verify_checkpoints').attributes).toMatchObject({
      'checkpoint.entity_type': 'plan',
      'checkpoint.entity_id': plan.id,
      'checkpoint.corrupted': 0,
      'checkpoint.outcome': 'ok',
    });

    exporter.reset();
    await service.prune({ olderThan: '1000 years', keepLast: 1 });
    expect(span('pg-checkpoint prune_checkpoints').attributes).toMatchObject({
      'checkpoint.prune.older_than': '1000 years',
      'checkpoint.prune.keep_last': 1,
      'checkpoint.rows_changed': 0,
    });

    exporter.reset();
    const { horizon } = await pruneHorizon(db.pool, '0 seconds');
    await pruneBatch(db.pool, horizon, 1, pruneStart, 10_000);
    const batch = span('pg-checkpoint prune_batch');
    const removed = batch.attributes['checkpoint.rows_changed'];
    expect(batch.attributes).toMatchObject({ 'checkpoint.prune.keep_last': 1, 'checkpoint.prune.batch_size': 10_000 });
    // keep-last 1 over every entity with history: the older ones go.
    expect(removed).toBeGreaterThan(0);
  });

  it('a failure: status ERROR, the exception recorded, its SQLSTATE and outcome error', async () => {
    const missing = randomUUID();
    await expect(service.rollback({ entityType: 'plan', entityId: missing })).rejects.toMatchObject({ code: 'P0002' });
    const failed = span('pg-checkpoint rollback_entity');
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed.attributes).toMatchObject({
      'checkpoint.entity_id': missing,
      'checkpoint.outcome': 'error',
      'db.response.status_code': 'P0002',
      'error.type': 'NotFound',
    });
    expect(failed.events.map((ev) => ev.name)).toContain('exception');

    exporter.reset();
    await expect(service.create('plan', 'not-a-uuid')).rejects.toMatchObject({ code: '22023' });
    expect(span('pg-checkpoint create_checkpoint').attributes).toMatchObject({
      'db.response.status_code': '22023',
      'error.type': 'InvalidArgument',
    });
  });
});

describe('trace context flows into the service spans and the checkpoints', () => {
  it('an explicit traceparent given to withContext is the parent of the service span, over the ambient span', async () => {
    const tracer = trace.getTracer('test');
    const plan = await e.plans.create({ title: 'explicit parent' });
    await tracer.startActiveSpan('ambient', async (ambient) => {
      await withContext(db.pool, { traceparent, actor: 'agent' }, async () => {
        await e.plans.update(plan.id, { title: 'before checkpoint' });
        await service.create('plan', plan.id);
        // After the service call, the writes record withContext's span again.
        await e.plans.update(plan.id, { title: 'after checkpoint' });
      });
      ambient.end();
    });
    const create = span('pg-checkpoint create_checkpoint');
    expect(create.spanContext().traceId).toBe(remoteTrace);
    expect(create.parentSpanContext).toMatchObject({ traceId: remoteTrace, spanId: remoteSpan, isRemote: true });
    expect((await links(plan.id)).slice(1)).toEqual([
      { operation: 'update', trace_id: remoteTrace, span_id: remoteSpan },
      { operation: 'manual', trace_id: remoteTrace, span_id: create.spanContext().spanId },
      { operation: 'update', trace_id: remoteTrace, span_id: remoteSpan },
    ]);
  });

  it('without an explicit context the service span is a child of the active span', async () => {
    const tracer = trace.getTracer('test');
    const plan = await e.plans.create({ title: 'ambient parent' });
    await tracer.startActiveSpan('agent step', async (step) => {
      await withContext(db.pool, { actor: 'agent' }, () => service.create('plan', plan.id));
      step.end();
    });
    const step = span('agent step');
    const create = span('pg-checkpoint create_checkpoint');
    expect(create.parentSpanContext?.spanId).toBe(step.spanContext().spanId);
    expect(create.spanContext().traceId).toBe(step.spanContext().traceId);
    expect((await links(plan.id)).at(-1)).toMatchObject({ span_id: create.spanContext().spanId });
  });

  it('a bare traceId given to withContext wins over the service span of another trace', async () => {
    const unit = 'b2'.repeat(16);
    const plan = await e.plans.create({ title: 'bare trace id' });
    await withContext(db.pool, { traceId: unit }, () => service.create('plan', plan.id));
    // the span exists (a root: no span of that trace to descend from), the checkpoint stays in the given trace
    expect(span('pg-checkpoint create_checkpoint').spanContext().traceId).not.toBe(unit);
    expect((await links(plan.id)).at(-1)).toEqual({ operation: 'manual', trace_id: unit, span_id: null });
  });

  it('over HTTP: an incoming traceparent header becomes the parent of the service span', async () => {
    const plan = await e.plans.create({ title: 'over http' });
    const res = await call(app, 'POST', '/checkpoints', {
      body: { entityType: 'plan', entityId: plan.id },
      headers: { traceparent },
    });
    const { id } = ok<{ id: string }>(res, 201);
    const create = span('pg-checkpoint create_checkpoint');
    expect(create.parentSpanContext).toMatchObject({ traceId: remoteTrace, spanId: remoteSpan });
    const { rows } = await db.pool.query('select trace_id, span_id from checkpoints where id = $1', [id]);
    expect(rows).toEqual([{ trace_id: remoteTrace, span_id: create.spanContext().spanId }]);
  });

  it('over HTTP under an instrumentation: the active server span is the parent, not the raw header', async () => {
    const tracer = trace.getTracer('test');
    const plan = await e.plans.create({ title: 'instrumented' });
    // What an http/fastify instrumentation does: a server span, active while the request is handled.
    const res = await tracer.startActiveSpan('POST /checkpoints', async (server) => {
      try {
        return await call(app, 'POST', '/checkpoints', { body: { entityType: 'plan', entityId: plan.id }, headers: { traceparent } });
      } finally {
        server.end();
      }
    });
    ok(res, 201);
    const server = span('POST /checkpoints');
    const create = span('pg-checkpoint create_checkpoint');
    expect(create.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(create.spanContext().traceId).toBe(server.spanContext().traceId);
  });

  it('a nested withContext inside a span of the same trace records that span; service spans nest under it', async () => {
    const tracer = trace.getTracer('test');
    const plan = await e.plans.create({ title: 'nested spans' });
    await withContext(db.pool, { traceparent }, () =>
      tracer.startActiveSpan('agent step', async (step) => {
        await withContext(db.pool, { reason: 'step' }, async () => {
          await e.plans.update(plan.id, { title: 'in the step' });
          await service.create('plan', plan.id);
        });
        step.end();
      }),
    );
    const step = span('agent step');
    const create = span('pg-checkpoint create_checkpoint');
    expect(step.parentSpanContext).toMatchObject({ traceId: remoteTrace, spanId: remoteSpan });
    expect(create.parentSpanContext?.spanId).toBe(step.spanContext().spanId);
    expect((await links(plan.id)).slice(1)).toEqual([
      { operation: 'update', trace_id: remoteTrace, span_id: step.spanContext().spanId },
      { operation: 'manual', trace_id: remoteTrace, span_id: create.spanContext().spanId },
    ]);
  });

  it('a custom propagator: its header is read (withContext carrier and HTTP), a traceparent it does not know is not', async () => {
    propagation.setGlobalPropagator(new DashPropagator());
    const customTrace = 'c0ffee00'.repeat(4);
    const customSpan = 'feedface'.repeat(2);
    const header = { 'x-trace': `${customTrace}-${customSpan}` };

    const plan = await withContext(db.pool, { carrier: header }, () => e.plans.create({ title: 'custom' }));
    expect(await links(plan.id)).toEqual([{ operation: 'insert', trace_id: customTrace, span_id: customSpan }]);

    const res = await call(app, 'POST', '/checkpoints', {
      body: { entityType: 'plan', entityId: plan.id },
      headers: { ...header, traceparent },
    });
    ok(res, 201);
    const create = span('pg-checkpoint create_checkpoint');
    expect(create.parentSpanContext).toMatchObject({ traceId: customTrace, spanId: customSpan });

    exporter.reset();
    const untraced = await e.plans.create({ title: 'plain' });
    ok(
      await call(app, 'POST', '/checkpoints', { body: { entityType: 'plan', entityId: untraced.id }, headers: { traceparent } }),
      201,
    );
    expect(span('pg-checkpoint create_checkpoint').parentSpanContext).toBeUndefined();
  });
});

describe('the worker\'s integrity scan', () => {
  // (last: it corrupts a checkpoint of the shared database)
  it('the verify_checkpoints job emits a span per step, with what it read and found', async () => {
    const plan = await e.plans.create({ title: 'to be tampered with' });
    const { rows } = await db.pool.query<{ id: string }>('select id from checkpoints where entity_id = $1', [plan.id]);
    await corruptCheckpoint(db, rows[0]?.id ?? '');
    const worker = await startWorker({ connectionString: db.url, config: defaultWorkerConfig, schedule: false, logger: captureLog().logger, pollInterval: 100 });
    try {
      const runs = trackJobs(worker.events);
      const utils = await makeWorkerUtils({ connectionString: db.url });
      try {
        await utils.addJob('verify_checkpoints', {});
      } finally {
        await utils.release();
      }
      await finishedRuns(runs, 'verify_checkpoints', 1);
    } finally {
      await worker.stop();
    }
    const steps = exporter.getFinishedSpans().filter((s) => s.name === 'pg-checkpoint verify_step');
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((s) => s.attributes['checkpoint.outcome'] === 'ok')).toBe(true);
    expect(steps.reduce((n, s) => n + Number(s.attributes['checkpoint.scanned']), 0)).toBeGreaterThan(0);
    expect(steps.reduce((n, s) => n + Number(s.attributes['checkpoint.corrupted']), 0)).toBe(1);
  });
});

/** A made-up format: `x-trace: <trace id>-<span id>`. */
class DashPropagator implements TextMapPropagator {
  inject(ctx: OtelContext, carrier: unknown, setter: TextMapSetter): void {
    const sc = trace.getSpanContext(ctx);
    if (sc) setter.set(carrier, 'x-trace', `${sc.traceId}-${sc.spanId}`);
  }

  extract(ctx: OtelContext, carrier: unknown, getter: TextMapGetter): OtelContext {
    const raw = getter.get(carrier, 'x-trace');
    const value = Array.isArray(raw) ? raw[0] : raw;
    const match = /^([0-9a-f]{32})-([0-9a-f]{16})$/.exec(value ?? '');
    if (!match?.[1] || !match[2]) return ctx;
    return trace.setSpanContext(ctx, {
      traceId: match[1],
      spanId: match[2],
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  }

  fields(): string[] {
    return ['x-trace'];
  }
}
