/** What a CLI command hands back to be printed. */
import type { ExitCode } from './exit-codes.ts';

export interface CommandResult {
  /** The --json document (one, on stdout). */
  json: unknown;
  /** The human-readable text (stdout). */
  human: string;
  /** Non-zero when the command ran but found a problem (verify: corruption). */
  exitCode?: ExitCode;
  /** A line for stderr in human and --json mode alike, e.g. why the exit code is not 0. */
  stderr?: string;
}

/** Global options every command sees. */
export interface GlobalOptions {
  databaseUrl?: string;
  json: boolean;
  actor?: string;
  reason?: string;
}
