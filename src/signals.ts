/**
 * SIGINT/SIGTERM/SIGHUP handling shared by the entry points: the first signal
 * runs an ordered shutdown and exits with its code; a second one (e.g. another
 * Ctrl-C while shutting down) runs `force` and exits at once.
 */
import { errorMessage } from './lib/errors.ts';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Closes what an entry point opened, in order; a step that fails is
 * reported (`<prefix>: closing <name> failed: …`) and the next one still runs.
 */
export async function closeInOrder(
  prefix: string,
  steps: ReadonlyArray<readonly [string, () => Promise<unknown> | undefined]>,
): Promise<void> {
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (err) {
      console.error(`${prefix}: closing ${name} failed: ${errorMessage(err)}`);
    }
  }
}

export interface SignalHandlers {
  /** Ordered shutdown; resolves to the exit code. */
  shutdown(signal: NodeJS.Signals): Promise<number>;
  /** Synchronous last resort before a forced exit. */
  force?(): void;
  /** Give up on the ordered shutdown after this long (default 20 s). */
  timeoutMs?: number;
}

export function handleSignals(handlers: SignalHandlers): void {
  // npm and tsx forward the terminal's SIGINT to us again within a few tens
  // of milliseconds; repeats inside this window are the same Ctrl-C.
  const repeatWindowMs = 750;
  let firstAt: number | undefined;
  const forceExit = (why: string): void => {
    console.error(`pg-checkpoint: ${why}, forcing exit`);
    handlers.force?.();
    process.exit(130);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (firstAt !== undefined) {
      if (Date.now() - firstAt < repeatWindowMs) return;
      forceExit(`second ${signal} during shutdown`);
      return;
    }
    firstAt = Date.now();
    console.error(`pg-checkpoint: ${signal} received, shutting down (send it again to force)`);
    const timer = setTimeout(() => forceExit('shutdown timed out'), handlers.timeoutMs ?? 20_000);
    timer.unref();
    handlers.shutdown(signal).then(
      (code) => process.exit(code),
      (err: unknown) => {
        console.error(`pg-checkpoint: error during shutdown: ${errorMessage(err)}`);
        handlers.force?.();
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
