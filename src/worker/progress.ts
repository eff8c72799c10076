/**
 * Progress reporting shared by the worker's tasks: a clock that says when the
 * next progress line is due, and number formatting for log lines.
 */

/** How often a long run logs a progress line at info level. */
export const PROGRESS_EVERY_MS = 5_000;

export class ProgressClock {
  private readonly start = performance.now();
  private next: number;

  constructor(private readonly everyMs: number = PROGRESS_EVERY_MS) {
    this.next = this.start + everyMs;
  }

  elapsedMs(): number {
    return performance.now() - this.start;
  }

  /** True at most once per period. */
  due(): boolean {
    const t = performance.now();
    if (t < this.next) return false;
    this.next = t + this.everyMs;
    return true;
  }
}

export function perMinute(count: number, ms: number): number {
  return ms > 0 ? Math.round((count * 60_000) / ms) : 0;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
