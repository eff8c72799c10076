/**
 * A progress bar on stderr for long CLI work (verify, prune). Drawn only
 * when stderr is a terminal and the output is not --json; otherwise every
 * call is a no-op, so scripts and pipes see nothing of it.
 */
import cliProgress from 'cli-progress';

export type ProgressPayload = Record<string, string | number>;

export interface Progress {
  /** Moves the bar to `value` (of `total`, which grows if `value` passes it). */
  update(value: number, payload?: ProgressPayload): void;
  /** Removes the bar from the terminal. Safe to call twice. */
  stop(): void;
}

const none: Progress = { update: () => {}, stop: () => {} };

export interface ProgressOptions {
  /** False: no bar (--json, or stderr not a TTY). */
  enabled: boolean;
  /** The end value; undefined when unknown (no percentage then). */
  total: number | undefined;
  /** What is counted, e.g. "seq" or "entities". */
  unit: string;
  /** Payload placeholders shown after the counts, e.g. "{found} corrupted". */
  details: string;
  initial: ProgressPayload;
}

export function progressEnabled(json: boolean): boolean {
  return !json && process.stderr.isTTY === true;
}

export function startProgress(options: ProgressOptions): Progress {
  if (!options.enabled) return none;
  const known = options.total !== undefined && options.total > 0;
  const format = known
    ? `{bar} {percentage}% | ${options.unit} {value}/{total} | ${options.details} | {duration_formatted}`
    : `${options.unit} {value} | ${options.details} | {duration_formatted}`;
  const bar = new cliProgress.SingleBar(
    {
      format,
      stream: process.stderr,
      barsize: 30,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let total = known ? (options.total ?? 0) : 0;
  bar.start(total, 0, options.initial);
  let stopped = false;
  return {
    update(value, payload) {
      if (stopped) return;
      if (known && value > total) {
        total = value;
        bar.setTotal(total);
      }
      bar.update(value, payload);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
