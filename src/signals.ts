/**
 * SIGINT/SIGTERM/SIGHUP handling shared by the entry points: the first signal
 * runs an ordered shutdown and exits with its code; a second one (e.g. another
 * Ctrl-C while shutting down) runs `force` and exits at once.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

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
        console.error(`pg-checkpoint: error during shutdown: ${err instanceof Error ? err.message : String(err)}`);
        handlers.force?.();
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
