/**
 * Errors of the plan executor (executor.ts) and of loading its handlers
 * (handlers.ts). Each has a `code`; a step that fails with one records its
 * message on the task and the run's step.
 */

/** A task whose title names no registered handler. */
export class UnknownHandler extends Error {
  readonly code = 'UNKNOWN_HANDLER';

  constructor(
    readonly title: string,
    readonly known: readonly string[],
  ) {
    super(
      `no handler registered for task "${title}" (registered: ${known.length === 0 ? 'none' : known.map((k) => `"${k}"`).join(', ')})`,
    );
    this.name = 'UnknownHandler';
  }
}

/** A step that ran longer than its timeout: it is failed and undone like one that threw. */
export class StepTimeout extends Error {
  readonly code = 'STEP_TIMEOUT';

  constructor(readonly timeoutMs: number) {
    super(`step timed out after ${timeoutMs} ms`);
    this.name = 'StepTimeout';
  }
}

/** A write through a step that has ended (failed, timed out or done): refused, it would escape the undo. */
export class StepEnded extends Error {
  readonly code = 'STEP_ENDED';

  constructor(title: string) {
    super(`step "${title}" has ended: its writes are made during the step`);
    this.name = 'StepEnded';
  }
}

/** The run was stopped (its worker shutting down) mid-step; the next worker undoes the step and resumes. */
export class RunInterrupted extends Error {
  readonly code = 'RUN_INTERRUPTED';

  constructor(runId: string) {
    super(`run ${runId} stopped by shutdown: the next worker undoes the step it was in and resumes it`);
    this.name = 'RunInterrupted';
  }
}

/** PGCHECKPOINT_HANDLERS names a module that cannot be loaded or does not export handlers. */
export class HandlersModuleError extends Error {
  readonly code = 'HANDLERS_MODULE';

  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'HandlersModuleError';
  }
}
