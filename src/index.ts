/**
 * pg-checkpoint as a library: `import { CheckpointService, withContext } from 'pg-checkpoint'`.
 *
 * - The checkpoint library (src/lib/): the typed service over the SQL
 *   functions, the context that every write records, the typed errors and
 *   the zod schemas of its inputs and results.
 * - The plan executor of the demo application (src/app/), for plans, tasks
 *   and artifacts as this repository's schema defines them.
 *
 * The SQL core itself is installed with `pg-checkpoint install`, installCore
 * (from your own start-up code) or sql/pg-checkpoint.sql; see docs/adopting.md.
 */
export { CheckpointService } from './lib/checkpoints.ts';
export { currentContext, inContext, inTransaction, withContext, type ActiveContext, type Queryable } from './lib/context.ts';
export {
  CheckpointError,
  Conflict,
  Corrupted,
  Forbidden,
  InvalidArgument,
  NotFound,
  RevertConflict,
  toCheckpointError,
  type ArgumentIssue,
  type ErrorDetails,
} from './lib/errors.ts';
export * from './lib/interfaces.ts';
/** The tracer's name and the span attribute names (docs/tracing.md), for filters and dashboards. */
export { TRACER_NAME, attr as spanAttributes } from './lib/tracing.ts';
export { version } from './version.ts';
export { installCore, installScriptPath, type InstallResult } from './lib/install.ts';
export {
  OnFailure,
  PlanExecutor,
  RunOptions,
  StepPolicy,
  type ArtifactWriter,
  type ExecutorEvent,
  type PlanExecutorOptions,
  type RunResult,
  type Step,
  type StepHandler,
  type StepReport,
} from './app/executor.ts';
export { HandlersModuleError, RunInterrupted, StepEnded, StepTimeout, UnknownHandler } from './app/executor-errors.ts';
export { HANDLERS_ENV, loadHandlers } from './app/handlers.ts';
export { enqueueRun, getRun, recoverRuns, Run, RunStep, StepUndo } from './app/runs.ts';
