/**
 * The plan executor: runs a plan's tasks in `position` order, one step per
 * task, with a checkpoint of the plan before each step.
 *
 *   before a step   create_checkpoint('plan', planId, 'before step <position>: <title>')
 *   the step        one transaction (reason 'step <position>: <title>'): the task
 *                   goes running -> done around the handler; the handler writes
 *                   through `client` or `artifacts`, inside that transaction
 *   on failure      the step's transaction rolls back, then rollback_entity('plan',
 *                   planId, to_checkpoint => that checkpoint) undoes whatever else
 *                   changed below the plan since (writes the handler committed on
 *                   other connections); then, per policy:
 *                     stop   the task is `failed` (error = the message), the plan
 *                            `failed`, the run ends
 *                     retry  the step runs again, up to `retries` more times; when
 *                            they are used up, as stop
 *                     skip   the task is `skipped` (error = the message), the run
 *                            goes on
 * When every task is done or skipped the plan is `succeeded`.
 *
 * Handlers are chosen by the task's title: `register('summarize', h)` runs
 * the tasks titled "summarize" (the tasks table has no handler column). A
 * task with no handler fails like a throwing step, so registering the
 * handler and resuming fixes it.
 *
 * Tasks already done or skipped are not run again: run() on a plan that
 * failed is a resume (resume() says so). Tasks are re-read after each step,
 * so tasks that a step adds to its plan run in the same run.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { z } from 'zod';
import type { CheckpointService } from '../lib/checkpoints.js';
import { withContext } from '../lib/context.js';
import { Conflict, errorMessage, NotFound, validate } from '../lib/errors.js';
import { Artifacts, Plans, Tasks } from './entities.js';
import { Context, type RollbackStep, Uuid } from '../lib/interfaces.js';
import { type Artifact, type Plan, type Task, type TaskStatus } from './interfaces.js';

/** Writes artifacts of the running task, inside the step's transaction. */
export interface ArtifactWriter {
  write(name: string, content: string | null): Promise<Artifact>;
}

/** What a step handler gets. */
export interface Step {
  plan: Plan;
  /** The task, status `running`. */
  task: Task;
  /** The step's transaction: write here (or through artifacts, or any service call) to be undone on failure. */
  client: pg.PoolClient;
  artifacts: ArtifactWriter;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
}

export type StepHandler = (step: Step) => Promise<void>;

export const StepPolicy = z.enum(['stop', 'retry', 'skip']);
export type StepPolicy = z.infer<typeof StepPolicy>;

export const RunOptions = z.object({
  policy: StepPolicy.default('stop'),
  /** With policy 'retry': how many times a failed step runs again (at most 100: each attempt is a rollback). */
  retries: z.number().int().min(0).max(100).default(1),
  /**
   * Who runs the plan and for which request: carried by every transaction of
   * the run (each step still commits on its own; this is not one transaction).
   */
  context: Context.omit({ reason: true }).default({}),
});
export type RunOptions = z.input<typeof RunOptions>;

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
  planId: string;
  status: 'succeeded' | 'failed';
  /** Every task of the plan, in order. */
  steps: StepReport[];
}

export type ExecutorEvent =
  | { type: 'plan.started'; planId: string }
  | { type: 'step.started'; planId: string; taskId: string; attempt: number; checkpointId: string }
  | { type: 'step.done'; planId: string; taskId: string; attempt: number }
  | {
      type: 'step.failed';
      planId: string;
      taskId: string;
      attempt: number;
      error: string;
      /** What the rollback to the step's checkpoint changed (often nothing: the transaction already undid the step). */
      rolledBack: RollbackStep[];
      willRetry: boolean;
    }
  | { type: 'step.skipped'; planId: string; taskId: string; error: string }
  | { type: 'plan.finished'; planId: string; status: RunResult['status'] };

export interface PlanExecutorOptions {
  pool: pg.Pool;
  service: CheckpointService;
  /** Called synchronously at each event; what it throws ends the run. */
  onEvent?: (event: ExecutorEvent) => void;
}

type StepOutcome = { status: 'done' | 'skipped' | 'failed'; attempts: number };

export class PlanExecutor {
  private readonly pool: pg.Pool;
  private readonly service: CheckpointService;
  private readonly onEvent: ((event: ExecutorEvent) => void) | undefined;
  private readonly handlers = new Map<string, StepHandler>();
  private readonly plans: Plans;
  private readonly tasks: Tasks;
  private readonly artifacts: Artifacts;
  /** Plans being run by this executor (a second run() of one is a Conflict). */
  private readonly running = new Set<string>();

  constructor(options: PlanExecutorOptions) {
    this.pool = options.pool;
    this.service = options.service;
    this.onEvent = options.onEvent;
    this.plans = new Plans(options.pool);
    this.tasks = new Tasks(options.pool);
    this.artifacts = new Artifacts(options.pool);
  }

  /** Runs tasks titled `name` with `handler` (replacing an earlier one). */
  register(name: string, handler: StepHandler): this {
    this.handlers.set(name, handler);
    return this;
  }

  /** Runs the plan's tasks that are not done or skipped yet. */
  async run(planId: string, options: RunOptions = {}): Promise<RunResult> {
    const id = validate(Uuid, planId);
    const opts = validate(RunOptions, options);
    if (this.running.has(id)) throw new Conflict(`plan ${id} is already running`);
    this.running.add(id);
    try {
      return await this.execute(id, opts);
    } finally {
      this.running.delete(id);
    }
  }

  /** Runs a plan again after a failure: its failed task first, then the rest. */
  async resume(planId: string, options: RunOptions = {}): Promise<RunResult> {
    return this.run(planId, options);
  }

  private async execute(planId: string, opts: z.output<typeof RunOptions>): Promise<RunResult> {
    // Claimed in the database, not only in this process: the plan row is
    // locked while its status is checked and set, so of two runs started at
    // once (two API processes, say) the second sees 'running' and gets 409.
    await withContext(this.pool, { ...opts.context, reason: 'run plan' }, async (client) => {
      const { rows } = await client.query<{ status: string }>('select status from plans where id = $1 for update', [planId]);
      const status = rows[0]?.status;
      if (status === undefined) throw new NotFound(`plan ${planId} not found`);
      if (status === 'cancelled') {
        throw new Conflict(`plan ${planId} is cancelled`, { hint: 'Set its status to draft to run it again.' });
      }
      if (status === 'running') {
        throw new Conflict(`plan ${planId} is already running`, {
          hint: 'Wait for that run to finish. If no run is in progress (one was killed), set its status to failed to resume it.',
        });
      }
      await this.plans.update(planId, { status: 'running' });
    });
    this.emit({ type: 'plan.started', planId });

    const attempts = new Map<string, number>();
    let failed = false;
    for (;;) {
      const next = (await this.tasks.listByPlan(planId)).find(
        (t) => t.status !== 'done' && t.status !== 'skipped' && !attempts.has(t.id),
      );
      if (next === undefined) break;
      const outcome = await this.runStep(planId, next, opts);
      attempts.set(next.id, outcome.attempts);
      if (outcome.status === 'failed') {
        failed = true;
        break;
      }
    }

    const status = failed ? 'failed' : 'succeeded';
    if (!failed) {
      await withContext(this.pool, { ...opts.context, reason: 'plan succeeded' }, () => this.plans.update(planId, { status }));
    }
    this.emit({ type: 'plan.finished', planId, status });
    const steps = (await this.tasks.listByPlan(planId)).map(
      (t): StepReport => ({
        taskId: t.id,
        title: t.title,
        position: t.position,
        status: t.status,
        attempts: attempts.get(t.id) ?? 0,
        ...(t.error === null ? {} : { error: t.error }),
      }),
    );
    return { planId, status, steps };
  }

  private async runStep(planId: string, task: Task, opts: z.output<typeof RunOptions>): Promise<StepOutcome> {
    const label = `step ${task.position ?? '-'}: ${task.title}`;
    const maxAttempts = opts.policy === 'retry' ? 1 + opts.retries : 1;
    const checkpointId = await withContext(this.pool, { ...opts.context, reason: `before ${label}` }, () =>
      this.service.create('plan', planId, `before ${label}`),
    );
    let error = '';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      this.emit({ type: 'step.started', planId, taskId: task.id, attempt, checkpointId });
      try {
        const reason = attempt === 1 ? label : `${label} (attempt ${attempt})`;
        await withContext(this.pool, { ...opts.context, reason }, (client) => this.step(planId, task, client, attempt));
        this.emit({ type: 'step.done', planId, taskId: task.id, attempt });
        return { status: 'done', attempts: attempt };
      } catch (err) {
        error = errorMessage(err);
        let rolledBack;
        try {
          rolledBack = await withContext(this.pool, { ...opts.context, reason: `${label} failed` }, () =>
            this.service.rollback({ entityType: 'plan', entityId: planId, toCheckpoint: checkpointId }),
          );
        } catch (rollbackErr) {
          // The step's own writes were undone with its transaction; what the
          // rollback could not undo is said on the task, and the run stops.
          error = `${error}; the rollback to ${checkpointId} failed: ${errorMessage(rollbackErr)}`;
          await withContext(this.pool, { ...opts.context, reason: `${label} failed` }, async () => {
            await this.tasks.update(task.id, { status: 'failed', error });
            await this.plans.update(planId, { status: 'failed' });
          });
          throw rollbackErr;
        }
        this.emit({
          type: 'step.failed',
          planId,
          taskId: task.id,
          attempt,
          error,
          rolledBack,
          willRetry: attempt < maxAttempts,
        });
      }
    }

    if (opts.policy === 'skip') {
      await withContext(this.pool, { ...opts.context, reason: `${label} skipped` }, () =>
        this.tasks.update(task.id, { status: 'skipped', error }),
      );
      this.emit({ type: 'step.skipped', planId, taskId: task.id, error });
      return { status: 'skipped', attempts: maxAttempts };
    }
    await withContext(this.pool, { ...opts.context, reason: `${label} failed` }, async () => {
      await this.tasks.update(task.id, { status: 'failed', error });
      await this.plans.update(planId, { status: 'failed' });
    });
    return { status: 'failed', attempts: maxAttempts };
  }

  /** One attempt, inside the step's transaction. */
  private async step(planId: string, task: Task, client: pg.PoolClient, attempt: number): Promise<void> {
    const handler = this.handlers.get(task.title);
    if (handler === undefined) {
      throw new Error(`no handler registered for task "${task.title}"`);
    }
    const running = await this.tasks.update(task.id, { status: 'running', error: null });
    const plan = await this.plans.get(planId);
    let open = true;
    // Bound to the step's transaction, wherever the handler calls it from.
    const insert = AsyncLocalStorage.bind((name: string, content: string | null) =>
      this.artifacts.create({ taskId: task.id, name, content }),
    );
    const artifacts: ArtifactWriter = {
      write: async (name, content) => {
        if (!open) throw new Error(`step "${task.title}" has ended: artifacts are written during the step`);
        return insert(name, content);
      },
    };
    try {
      await handler({ plan, task: running, client, artifacts, attempt });
    } finally {
      open = false;
    }
    await this.tasks.update(task.id, { status: 'done' });
  }

  private emit(event: ExecutorEvent): void {
    this.onEvent?.(event);
  }
}
