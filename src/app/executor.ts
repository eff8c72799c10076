/**
 * The plan executor: runs a plan's tasks in `position` order, one step per
 * task, the handler chosen by the task's title. docs/executor.md tells the
 * whole story; in short:
 *
 *   a run        a plan_runs row (runs.ts), claimed one per plan; run()
 *                runs one in this process, execute(runId) runs a queued one
 *                (the run_plan job). Whoever runs it holds its advisory lock.
 *   before       create_checkpoint('plan', planId, 'before step <position>: <title>')
 *   a step       no transaction around it: the task goes `running` (committed,
 *                visible to all), then the handler runs; what it writes
 *                through step.transaction / step.artifacts commits at once,
 *                tagged with the step's own unit (a request id of its own,
 *                reason 'step <position>: <title>'). It has until its
 *                timeout (the task's timeout_ms, else the run's stepTimeoutMs)
 *                and gets an AbortSignal that fires then.
 *   on failure   (a throw or a timeout) the step is undone per onFailure:
 *                  rollback  rollback_entity('plan', planId, to_checkpoint)
 *                            (everything below the plan since the checkpoint)
 *                  revert    revert_changes(request_id => the step's unit)
 *                            (only the step's writes: others' survive; a
 *                            conflict fails the step, which stays as it is,
 *                            and ends the run)
 *                then per policy: stop (task and plan failed, run ends),
 *                retry (again, up to `retries` more times), skip.
 *   interrupted  a run whose process died mid-step is resumed by the next
 *                worker (runs.ts recoverRuns): the step's attempt is undone
 *                per its onFailure and counts as a failed attempt.
 *
 * Each attempt is an OpenTelemetry span `pg-checkpoint step`.
 * Tasks already done or skipped are not run again (running a failed plan
 * again resumes it); tasks are re-read after each step, so tasks a step adds
 * to its plan run in the same run.
 */
import { randomUUID } from 'node:crypto';
import {
  context as otelContext,
  type Context as OtelContext,
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type pg from 'pg';
import type { CheckpointService } from '../lib/checkpoints.js';
import { withContext } from '../lib/context.js';
import { extractContext, injectContext } from '../lib/propagation.js';
import { TRACER_NAME } from '../lib/tracing.js';
import { version } from '../version.js';
import { errorMessage, NotFound, RevertConflict, validate } from '../lib/errors.js';
import { type Context, Uuid } from '../lib/interfaces.js';
import { Artifacts, Plans, Tasks } from './entities.js';
import { RunInterrupted, StepEnded, StepTimeout, UnknownHandler } from './executor-errors.js';
import { type Artifact, type Plan, type Task, type TaskStatus } from './interfaces.js';
import {
  getRun,
  insertRun,
  type OnFailure,
  type ResolvedRunOptions,
  RunOptions,
  type RunStep,
  runLockKey,
  type StepUndo,
  type StoredRun,
} from './runs.js';

export { OnFailure, RunOptions, StepPolicy } from './runs.js';

/** Writes artifacts of the running task, as part of the step's unit. */
export interface ArtifactWriter {
  write(name: string, content: string | null): Promise<Artifact>;
}

/** What a step handler gets. */
export interface Step {
  plan: Plan;
  /** The task, status `running`. */
  task: Task;
  runId: string;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  /** The step's unit of work: the request id every write through `transaction` and `artifacts` carries. */
  requestId: string;
  /** Fires when the step times out (or its run is stopped): stop working, the step is failed and undone anyway. */
  signal: AbortSignal;
  /**
   * Runs fn in a short transaction of its own, tagged with the step's unit,
   * committed when fn returns: other connections see it at once. Service
   * and entity calls inside fn join it. Refused (StepEnded) once the step
   * has ended.
   */
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  artifacts: ArtifactWriter;
}

export type StepHandler = (step: Step) => Promise<void>;

/** One task after a run. */
export interface StepReport {
  taskId: string;
  title: string;
  position: number | null;
  status: TaskStatus;
  /** Times it ran in this run (0: done or skipped before, or not reached). */
  attempts: number;
  error?: string;
}

export interface RunResult {
  runId: string;
  planId: string;
  status: 'succeeded' | 'failed';
  /** Every task of the plan, in order. */
  steps: StepReport[];
}

export type ExecutorEvent =
  | { type: 'plan.started'; planId: string; runId: string }
  | { type: 'step.started'; planId: string; taskId: string; attempt: number; checkpointId: string; requestId: string }
  | { type: 'step.done'; planId: string; taskId: string; attempt: number }
  | {
      type: 'step.failed';
      planId: string;
      taskId: string;
      attempt: number;
      error: string;
      /** What undoing the attempt did. */
      undo: StepUndo;
      willRetry: boolean;
    }
  | { type: 'step.skipped'; planId: string; taskId: string; error: string }
  | { type: 'plan.finished'; planId: string; runId: string; status: RunResult['status'] };

export interface PlanExecutorOptions {
  pool: pg.Pool;
  service: CheckpointService;
  /** Handlers by task title (more with register()). */
  handlers?: ReadonlyMap<string, StepHandler>;
  /** Called synchronously at each event; what it throws ends the run. */
  onEvent?: (event: ExecutorEvent) => void;
}

/** The OpenTelemetry tracer of the executor's spans: the service's (pg-checkpoint, at the package's version). */
const tracer = trace.getTracer(TRACER_NAME, version);

/** The name of a step attempt's span (its attributes are named checkpoint.*, as the service's). */
export const STEP_SPAN = 'pg-checkpoint step';

/** retryable: false when running it again cannot help (no handler for the task). */
type AttemptOutcome = { ok: true } | { ok: false; error: string; undone: boolean; retryable: boolean };

interface StepOutcome {
  status: 'done' | 'skipped' | 'failed';
  attempts: number;
}

/** Where an interrupted run picks a step up again. */
interface Resume {
  /** The attempts already made (the last one undone). */
  attempts: number;
  checkpointId: string;
  error: string;
}

/** A run in progress: what every step needs. */
interface ActiveRun {
  id: string;
  planId: string;
  opts: ResolvedRunOptions;
  /** The executor's own writes carry this context. */
  ctx: Context;
  /** The parent of the step spans. */
  span: OtelContext;
  /** Fires when the run must stop (its worker is shutting down). */
  signal: AbortSignal | undefined;
}

export class PlanExecutor {
  private readonly pool: pg.Pool;
  private readonly service: CheckpointService;
  private readonly onEvent: ((event: ExecutorEvent) => void) | undefined;
  private readonly handlers: Map<string, StepHandler>;
  private readonly plans: Plans;
  private readonly tasks: Tasks;
  private readonly artifacts: Artifacts;

  constructor(options: PlanExecutorOptions) {
    this.pool = options.pool;
    this.service = options.service;
    this.onEvent = options.onEvent;
    this.handlers = new Map(options.handlers ?? []);
    this.plans = new Plans(options.pool);
    this.tasks = new Tasks(options.pool);
    this.artifacts = new Artifacts(options.pool);
  }

  /** Runs tasks titled `name` with `handler` (replacing an earlier one). */
  register(name: string, handler: StepHandler): this {
    this.handlers.set(name, handler);
    return this;
  }

  /**
   * Runs the plan's tasks that are not done or skipped yet, in this
   * process, as a new run (Conflict when the plan has a queued or running
   * run, or is cancelled). What onEvent throws, or an error of the database,
   * ends the run `failed` with that error and rejects.
   */
  async run(planId: string, options: RunOptions = {}): Promise<RunResult> {
    const id = validate(Uuid, planId);
    const opts = validate(RunOptions, options);
    const runId = randomUUID();
    // The lock first, then the row: a recovering worker never sees this run
    // running with its lock free.
    const result = await this.holding(runId, async () => {
      await withContext(this.pool, { ...opts.context, reason: 'run plan' }, async (client) => {
        await insertRun(client, runId, id, opts, 'running');
        await this.plans.update(id, { status: 'running' });
      });
      try {
        return await this.executeHeld(await getRun(this.pool, runId), parentContext(opts.context, otelContext.active()), undefined);
      } catch (err) {
        // No job will retry it: the run ends here rather than block the
        // plan's next run (best effort: with the database gone it stays
        // running, and a worker's recovery picks it up).
        await this.pool
          .query(
            `update plan_runs set status = 'failed', error = $2, finished_at = now(), updated_at = now()
              where id = $1 and status = 'running'`,
            [runId, `stopped on an error: ${errorMessage(err)}`],
          )
          .catch(() => {});
        throw err;
      }
    });
    if (result === null) throw new Error(`run ${runId}: its lock was taken`); // a fresh uuid: cannot happen
    return result;
  }

  /** Runs a plan again after a failure: its failed task first, then the rest. */
  async resume(planId: string, options: RunOptions = {}): Promise<RunResult> {
    return this.run(planId, options);
  }

  /**
   * Runs a queued run, or resumes one whose process died (undoing the step
   * it was in): what the run_plan job does. null when there is nothing to do
   * (finished, or held by a live process). With `signal` (the worker's
   * shutdown): the step in progress is left to the next worker, which undoes
   * and resumes it; execute then rejects with RunInterrupted.
   */
  async execute(runId: string, signal?: AbortSignal): Promise<RunResult | null> {
    const id = validate(Uuid, runId);
    return this.holding(id, async () => {
      let run: StoredRun;
      try {
        run = await getRun(this.pool, id);
      } catch (err) {
        // Its plan was deleted (and the run with it): nothing to run.
        if (err instanceof NotFound) return null;
        throw err;
      }
      if (run.status === 'succeeded' || run.status === 'failed') return null;
      return this.executeHeld(run, parentContext(run.options.context, ROOT_CONTEXT), signal);
    });
  }

  /** Runs fn while holding the run's advisory lock on a connection of its own; null if another session holds it. */
  private async holding<T>(runId: string, fn: () => Promise<T>): Promise<T | null> {
    const lock = await this.pool.connect();
    let broken: Error | undefined;
    try {
      const { rows } = await lock.query<{ got: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as got', [
        runLockKey(runId),
      ]);
      if (rows[0]?.got !== true) return null;
      try {
        return await fn();
      } finally {
        await lock.query('select pg_advisory_unlock(hashtextextended($1, 0))', [runLockKey(runId)]).catch((err: unknown) => {
          broken = err instanceof Error ? err : new Error(String(err));
        });
      }
    } finally {
      // A connection that failed to unlock is destroyed, which unlocks.
      lock.release(broken);
    }
  }

  private async executeHeld(stored: StoredRun, span: OtelContext, signal: AbortSignal | undefined): Promise<RunResult> {
    const run: ActiveRun = {
      id: stored.id,
      planId: stored.planId,
      opts: stored.options,
      ctx: stored.options.context,
      span,
      signal,
    };
    await withContext(this.pool, { ...run.ctx, reason: 'run plan' }, async (client) => {
      await client.query(
        `update plan_runs set status = 'running', started_at = coalesce(started_at, now()), updated_at = now() where id = $1`,
        [run.id],
      );
      await this.plans.update(run.planId, { status: 'running' });
    });
    this.emit({ type: 'plan.started', planId: run.planId, runId: run.id });

    // Attempts per task in this run so far (a resumed run has some).
    const attempts = new Map<string, number>();
    for (const s of stored.steps) attempts.set(s.taskId, Math.max(attempts.get(s.taskId) ?? 0, s.attempt));
    let failed = false;
    const interrupted = stored.steps.find((s) => s.status === 'running');
    if (interrupted !== undefined) {
      const outcome = await this.recover(run, interrupted);
      attempts.set(interrupted.taskId, outcome.attempts);
      failed = outcome.status === 'failed';
    }
    while (!failed) {
      const next = (await this.tasks.listByPlan(run.planId)).find(
        (t) => t.status !== 'done' && t.status !== 'skipped' && !attempts.has(t.id),
      );
      if (next === undefined) break;
      const outcome = await this.runStep(run, next);
      attempts.set(next.id, outcome.attempts);
      failed = outcome.status === 'failed';
    }

    const status = failed ? 'failed' : 'succeeded';
    await withContext(this.pool, { ...run.ctx, reason: `plan ${status}` }, async (client) => {
      if (!failed) await this.plans.update(run.planId, { status });
      await client.query(`update plan_runs set status = $2, finished_at = now(), updated_at = now() where id = $1`, [
        run.id,
        status,
      ]);
    });
    this.emit({ type: 'plan.finished', planId: run.planId, runId: run.id, status });
    const steps = (await this.tasks.listByPlan(run.planId)).map(
      (t): StepReport => ({
        taskId: t.id,
        title: t.title,
        position: t.position,
        status: t.status,
        attempts: attempts.get(t.id) ?? 0,
        ...(t.error === null ? {} : { error: t.error }),
      }),
    );
    return { runId: run.id, planId: run.planId, status, steps };
  }

  /** The step a dead process left `running`: undone per its onFailure, then counted as a failed attempt. */
  private async recover(run: ActiveRun, step: RunStep): Promise<StepOutcome> {
    const label = labelOf(step);
    const undo = await this.undo(run, label, step.onFailure, step.checkpointId, step.requestId);
    const undone = undo.conflicts === undefined && undo.error === undefined;
    const error = `interrupted: the process running attempt ${step.attempt} stopped${undone ? '' : `; ${undoFailure(undo)}`}`;
    await this.finishStep(run, step.taskId, step.attempt, { status: undone ? 'interrupted' : 'failed', error, undo });
    let task: Task;
    try {
      task = await this.tasks.get(step.taskId);
    } catch (err) {
      // The undo removed the task (a step had created it): nothing to resume.
      if (err instanceof NotFound) return { status: 'skipped', attempts: step.attempt };
      throw err;
    }
    if (!undone) return this.fail(run, task, error, step.attempt);
    return this.runStep(run, task, { attempts: step.attempt, checkpointId: step.checkpointId, error });
  }

  private async runStep(run: ActiveRun, task: Task, resume?: Resume): Promise<StepOutcome> {
    const label = labelOf(task);
    const maxAttempts = run.opts.policy === 'retry' ? 1 + run.opts.retries : 1;
    const checkpointId =
      resume?.checkpointId ??
      (await withContext(this.pool, { ...run.ctx, reason: `before ${label}` }, () =>
        this.service.create('plan', run.planId, `before ${label}`),
      ));
    let error = resume?.error ?? '';
    let attempts = resume?.attempts ?? 0;
    while (attempts < maxAttempts) {
      const attempt = ++attempts;
      const outcome = await this.attempt(run, task, attempt, checkpointId, attempt < maxAttempts);
      if (outcome.ok) return { status: 'done', attempts: attempt };
      error = outcome.error;
      if (!outcome.undone) return this.fail(run, task, error, attempt);
      if (!outcome.retryable) break;
    }
    if (run.opts.policy === 'skip') {
      await withContext(this.pool, { ...run.ctx, reason: `${label} skipped` }, () =>
        this.tasks.update(task.id, { status: 'skipped', error }),
      );
      this.emit({ type: 'step.skipped', planId: run.planId, taskId: task.id, error });
      return { status: 'skipped', attempts };
    }
    return this.fail(run, task, error, attempts);
  }

  /** The task and the plan failed: the run ends. */
  private async fail(run: ActiveRun, task: Pick<Task, 'id' | 'title' | 'position'>, error: string, attempts: number): Promise<StepOutcome> {
    await withContext(this.pool, { ...run.ctx, reason: `${labelOf(task)} failed` }, async (client) => {
      await this.tasks.update(task.id, { status: 'failed', error });
      await this.plans.update(run.planId, { status: 'failed' });
      await client.query(`update plan_runs set error = $2, updated_at = now() where id = $1`, [run.id, error]);
    });
    return { status: 'failed', attempts };
  }

  /** One attempt: its own unit and span; undone on failure. */
  private async attempt(
    run: ActiveRun,
    task: Task,
    attempt: number,
    checkpointId: string,
    willRetry: boolean,
  ): Promise<AttemptOutcome> {
    // Stopping between steps: the next worker starts this one afresh.
    if (run.signal?.aborted) throw new RunInterrupted(run.id);
    const label = labelOf(task);
    const requestId = randomUUID();
    const timeoutMs = task.timeoutMs ?? run.opts.stepTimeoutMs;
    const onFailure = run.opts.onFailure;
    // Committed before the handler starts: the task is `running` for all to
    // see, and the attempt is on record (a process that dies now leaves it
    // `running`, which is how the next worker knows to undo it).
    await withContext(this.pool, { ...run.ctx, reason: `start ${label}` }, async (client) => {
      await client.query(`insert into request_logs (id, method, path) values ($1, 'STEP', $2)`, [
        requestId,
        `/runs/${run.id}/tasks/${task.id}/attempts/${attempt}`,
      ]);
      await client.query(
        `insert into plan_run_steps (run_id, task_id, title, position, attempt, on_failure, request_id, checkpoint_id, timeout_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [run.id, task.id, task.title, task.position, attempt, onFailure, requestId, checkpointId, timeoutMs],
      );
      await this.tasks.update(task.id, { status: 'running', error: null });
    });
    this.emit({ type: 'step.started', planId: run.planId, taskId: task.id, attempt, checkpointId, requestId });

    const span = tracer.startSpan(
      STEP_SPAN,
      {
        attributes: {
          'checkpoint.plan.id': run.planId,
          'checkpoint.task.id': task.id,
          'checkpoint.task.title': task.title,
          'checkpoint.run.id': run.id,
          'checkpoint.step.attempt': attempt,
          'checkpoint.step.request_id': requestId,
          'checkpoint.step.on_failure': onFailure,
          'checkpoint.step.timeout_ms': timeoutMs,
        },
      },
      run.span,
    );
    return otelContext.with(trace.setSpan(run.span, span), async () => {
      try {
        return await this.attemptInSpan(run, task, attempt, { requestId, checkpointId, timeoutMs, onFailure, willRetry }, span);
      } catch (err) {
        span.setAttribute('checkpoint.step.outcome', err instanceof RunInterrupted ? 'interrupted' : 'error');
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  }

  private async attemptInSpan(
    run: ActiveRun,
    task: Task,
    attempt: number,
    unit: { requestId: string; checkpointId: string; timeoutMs: number; onFailure: OnFailure; willRetry: boolean },
    span: Span,
  ): Promise<AttemptOutcome> {
    const label = labelOf(task);
    const controller = new AbortController();
    // The step's writes: its own request id, the run's actor, and the step's
    // span as their explicit trace context (the span id they record, the
    // parent of spans made inside them), with or without a context manager.
    const { carrier: _carrier, traceparent: _traceparent, ...runCtx } = run.ctx;
    const carrier = injectContext(trace.setSpan(ROOT_CONTEXT, span));
    const reason = attempt === 1 ? label : `${label} (attempt ${attempt})`;
    const writes = new StepWrites(
      this.pool,
      { ...runCtx, requestId: unit.requestId, reason, ...(Object.keys(carrier).length > 0 ? { carrier } : {}) },
      task.title,
    );
    // First listener of the signal: from the moment it fires, no new write
    // of the step starts (a handler reacting to it cannot slip one in).
    controller.signal.addEventListener('abort', () => writes.refuse(), { once: true });
    const stop = (): void => controller.abort(new RunInterrupted(run.id));
    run.signal?.addEventListener('abort', stop);
    let failure: unknown;
    try {
      const handler = this.handlers.get(task.title);
      if (handler === undefined) throw new UnknownHandler(task.title, [...this.handlers.keys()]);
      const [plan, running] = await Promise.all([this.plans.get(run.planId), this.tasks.get(task.id)]);
      const step: Step = {
        plan,
        task: running,
        runId: run.id,
        attempt,
        requestId: unit.requestId,
        signal: controller.signal,
        transaction: (fn) => writes.run(fn),
        artifacts: {
          write: (name, content) => writes.run(() => this.artifacts.create({ taskId: task.id, name, content })),
        },
      };
      // (async: a handler that throws at once, or returns no promise, is handled alike)
      await withTimeout((async () => handler(step))(), unit.timeoutMs, controller);
    } catch (err) {
      failure = err;
      if (!controller.signal.aborted) controller.abort(err);
    } finally {
      run.signal?.removeEventListener('abort', stop);
    }
    // No write of the step after this point: the undo below sees them all.
    await writes.close();

    if (failure instanceof RunInterrupted) throw failure; // left `running` for the next worker
    if (failure === undefined) {
      await withContext(this.pool, { ...run.ctx, reason: `${label} done` }, async () => {
        await this.tasks.update(task.id, { status: 'done' });
        await this.finishStep(run, task.id, attempt, { status: 'done', error: null, undo: null });
      });
      span.setAttribute('checkpoint.step.outcome', 'done');
      this.emit({ type: 'step.done', planId: run.planId, taskId: task.id, attempt });
      return { ok: true };
    }

    let error = errorMessage(failure);
    const retryable = !(failure instanceof UnknownHandler);
    const undo = await this.undo(run, label, unit.onFailure, unit.checkpointId, unit.requestId);
    const undone = undo.conflicts === undefined && undo.error === undefined;
    if (!undone) error = `${error}; ${undoFailure(undo)}`;
    await this.finishStep(run, task.id, attempt, { status: 'failed', error, undo });
    span.setAttributes({
      'checkpoint.step.outcome': failure instanceof StepTimeout ? 'timeout' : 'failed',
      'checkpoint.step.undone': undone,
    });
    span.setStatus({ code: SpanStatusCode.ERROR, message: error });
    this.emit({
      type: 'step.failed',
      planId: run.planId,
      taskId: task.id,
      attempt,
      error,
      undo,
      willRetry: undone && retryable && unit.willRetry,
    });
    return { ok: false, error, undone, retryable };
  }

  /** Undoes an attempt per onFailure; a failure to undo is reported, not thrown. */
  private async undo(
    run: ActiveRun,
    label: string,
    onFailure: OnFailure,
    checkpointId: string,
    requestId: string,
  ): Promise<StepUndo> {
    const ctx = { ...run.ctx, reason: `${label} failed: ${onFailure}` };
    try {
      if (onFailure === 'rollback') {
        const steps = await withContext(this.pool, ctx, () =>
          this.service.rollback({ entityType: 'plan', entityId: run.planId, toCheckpoint: checkpointId }),
        );
        return { onFailure, steps };
      }
      const steps = await withContext(this.pool, ctx, () => this.service.revert({ requestId, onConflict: 'abort' }));
      return { onFailure, steps };
    } catch (err) {
      if (err instanceof RevertConflict) return { onFailure, conflicts: [...err.conflicts] };
      // revert_changes: the step wrote nothing (no captured change of its unit).
      if (onFailure === 'revert' && err instanceof NotFound) return { onFailure, steps: [] };
      return { onFailure, error: errorMessage(err) };
    }
  }

  private async finishStep(
    run: ActiveRun,
    taskId: string,
    attempt: number,
    end: { status: 'done' | 'failed' | 'interrupted'; error: string | null; undo: StepUndo | null },
  ): Promise<void> {
    await withContext(this.pool, run.ctx, (client) =>
      client.query(
        `update plan_run_steps set status = $4, error = $5, undo = $6, finished_at = now()
          where run_id = $1 and task_id = $2 and attempt = $3`,
        [run.id, taskId, attempt, end.status, end.error, end.undo === null ? null : JSON.stringify(end.undo)],
      ),
    );
  }

  private emit(event: ExecutorEvent): void {
    this.onEvent?.(event);
  }
}

/**
 * The parent of a run's step spans: the trace context the run was started
 * with (its carrier or traceparent, through the configured propagator), else
 * `base` (the caller's active context).
 */
function parentContext(ctx: Context, base: OtelContext): OtelContext {
  if (ctx.carrier === undefined && ctx.traceparent === undefined) return base;
  return extractContext(base, { ...ctx.carrier, ...(ctx.traceparent === undefined ? {} : { traceparent: ctx.traceparent }) });
}

/** 'step <position>: <title>', the reason of a step's writes. */
function labelOf(task: { title: string; position: number | null }): string {
  return `step ${task.position ?? '-'}: ${task.title}`;
}

/** What the task's error says when the undo did not happen. */
function undoFailure(undo: StepUndo): string {
  if (undo.conflicts !== undefined) {
    const report = undo.conflicts.map((c) => `${c.entityType} ${c.entityId}: ${c.conflict}`).join('; ');
    return `not reverted, its writes conflict with later changes (${report})`;
  }
  return `the ${undo.onFailure} failed: ${undo.error ?? 'unknown error'}`;
}

/** Waits for the handler, or fails with StepTimeout (aborting its signal) after timeoutMs, or with the signal's reason. */
async function withTimeout(work: Promise<void>, timeoutMs: number, controller: AbortController): Promise<void> {
  // A handler that rejects after its step has already failed must not be an unhandled rejection.
  work.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const aborted = new Promise<never>((_, reject) => {
    const fail = (): void => reject(controller.signal.reason);
    if (controller.signal.aborted) fail();
    else controller.signal.addEventListener('abort', fail, { once: true });
    timer = setTimeout(() => controller.abort(new StepTimeout(timeoutMs)), timeoutMs);
  });
  aborted.catch(() => {});
  try {
    await Promise.race([work, aborted]);
  } finally {
    clearTimeout(timer);
  }
  // A handler that returns because its signal fired has not done its work.
  if (controller.signal.aborted) throw controller.signal.reason;
}

/**
 * The step's writes: each a short transaction carrying the step's unit.
 * close() refuses new ones and waits for those in flight, so that an undo
 * that follows sees every write the step made.
 */
class StepWrites {
  private open = true;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly ctx: Context,
    private readonly title: string,
  ) {}

  run<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (!this.open) return Promise.reject(new StepEnded(this.title));
    const write = withContext(this.pool, this.ctx, fn);
    this.inFlight.add(write);
    const settled = (): void => {
      this.inFlight.delete(write);
    };
    write.then(settled, settled);
    return write;
  }

  /** No new write from now on. */
  refuse(): void {
    this.open = false;
  }

  /** No new write, and those in flight settled. */
  async close(): Promise<void> {
    this.refuse();
    await Promise.allSettled([...this.inFlight]);
  }
}
