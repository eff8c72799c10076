/**
 * The executor's OpenTelemetry spans, seen by the real SDK (an in-memory
 * exporter, the async-hooks context manager): one span per step attempt,
 * child of the span active when the run started, with the plan, task,
 * outcome and undo policy; the step's writes carry the span's trace id.
 */
import { context, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entities } from '../src/app/entities.ts';
import { PlanExecutor, STEP_SPAN } from '../src/app/executor.ts';
import { enqueueRun } from '../src/app/runs.ts';
import type { CheckpointService } from '../src/lib/checkpoints.ts';
import { openServiceDb, type TestDatabase } from './helpers/db.ts';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager().enable();

let db: TestDatabase;
let service: CheckpointService;
let e: Entities;

beforeAll(async () => {
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  ({ db, service, e } = await openServiceDb());
});

afterAll(async () => {
  trace.disable();
  context.disable();
  propagation.disable();
  await provider.shutdown();
  await db?.drop();
});

describe('executor spans', () => {
  it('one span per step attempt: attributes, outcome, error status, parent, and the trace id on the step’s writes', async () => {
    const plan = await e.plans.create({ title: 'traced' });
    const titles = ['ok', 'bad', 'hung'];
    const tasks = [];
    for (const [i, title] of titles.entries()) tasks.push(await e.tasks.create({ planId: plan.id, title, position: i + 1 }));
    await e.tasks.update(tasks[2]!.id, { timeoutMs: 20 });
    const executor = new PlanExecutor({ pool: db.pool, service })
      .register('ok', async ({ artifacts }) => {
        await artifacts.write('ok.md', 'x');
      })
      .register('bad', async () => {
        throw new Error('no good');
      })
      .register('hung', ({ signal }) => new Promise((r) => signal.addEventListener('abort', () => r())));

    const session = trace.getTracer('test').startSpan('agent session');
    const result = await context.with(trace.setSpan(context.active(), session), () =>
      executor.run(plan.id, { policy: 'skip', onFailure: 'revert' }),
    );
    session.end();
    expect(result.steps.map((s) => s.status)).toEqual(['done', 'skipped', 'skipped']);

    const spans = exporter.getFinishedSpans().filter((s) => s.name === STEP_SPAN);
    expect(spans.map((s) => s.attributes['checkpoint.task.id'])).toEqual(tasks.map((t) => t.id));
    expect(spans.map((s) => [s.attributes['checkpoint.step.outcome'], s.status.code])).toEqual([
      ['done', SpanStatusCode.UNSET],
      ['failed', SpanStatusCode.ERROR],
      ['timeout', SpanStatusCode.ERROR],
    ]);
    for (const span of spans) {
      expect(span.attributes).toMatchObject({
        'checkpoint.plan.id': plan.id,
        'checkpoint.run.id': result.runId,
        'checkpoint.step.on_failure': 'revert',
        'checkpoint.step.attempt': 1,
      });
      expect(span.spanContext().traceId).toBe(session.spanContext().traceId);
      expect(span.parentSpanContext?.spanId).toBe(session.spanContext().spanId);
    }
    expect(spans[1]?.status.message).toBe('no good');
    expect(spans[1]?.attributes['checkpoint.step.undone']).toBe(true);

    // The step's write carries the trace of its span.
    const [artifact] = await e.artifacts.listByTask(tasks[0]!.id);
    const [insert] = await service.history('artifact', artifact!.id);
    expect(insert).toMatchObject({
      traceId: spans[0]?.spanContext().traceId,
      spanId: spans[0]?.spanContext().spanId,
      requestId: spans[0]?.attributes['checkpoint.step.request_id'],
    });
  });

  it('a queued run continues the trace of the request that queued it (its traceparent, through the registered propagator)', async () => {
    const plan = await e.plans.create({ title: 'queued and traced' });
    const task = await e.tasks.create({ planId: plan.id, title: 'ok', position: 1 });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    const run = await enqueueRun(db.pool, plan.id, { context: { carrier: { traceparent: `00-${traceId}-${parentId}-01` } } });
    exporter.reset();
    const executor = new PlanExecutor({ pool: db.pool, service }).register('ok', async ({ artifacts }) => {
      await artifacts.write('ok.md', 'x');
    });
    expect(await executor.execute(run.id)).toMatchObject({ status: 'succeeded' });
    const [span] = exporter.getFinishedSpans().filter((s) => s.name === STEP_SPAN);
    expect(span?.spanContext().traceId).toBe(traceId);
    expect(span?.parentSpanContext?.spanId).toBe(parentId);
    expect(span?.attributes['checkpoint.step.outcome']).toBe('done');
    // The step's write links to the step's span, not to the request's.
    const [artifact] = await e.artifacts.listByTask(task.id);
    expect((await service.history('artifact', artifact!.id))[0]).toMatchObject({ traceId, spanId: span?.spanContext().spanId });
  });
});
