/** The CLI's exit codes, one per error class (no imports: `--help` loads only this). */
export const ExitCode = {
  ok: 0,
  /** Anything else: connection failure, a bug, an unmapped SQLSTATE. */
  unexpected: 1,
  /** Bad command line, or InvalidArgument (22023, 22P02, bad time or interval). */
  usage: 2,
  /** NotFound (P0002). */
  notFound: 3,
  /** Conflict (unique/foreign key violation, serialization failure, deadlock, lock not available). */
  conflict: 4,
  /** Forbidden (42501). */
  forbidden: 5,
  /** Corrupted (XX001); also `verify` when it finds a corrupted checkpoint. */
  corrupted: 6,
  /** RevertConflict: `revert` under --on-conflict abort found conflicts (55000); nothing was changed. Also its dry run. */
  revertConflict: 7,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit-code table shown at the end of `--help`. */
export const exitCodeHelp = `Exit codes:
  0  ok
  1  unexpected error (connection failure, bug, unmapped SQLSTATE)
  2  usage error or invalid argument (22023, 22P02)
  3  not found (P0002)
  4  conflict (23505, 23503, 40001, 40P01, 55P03)
  5  forbidden (42501)
  6  corrupted checkpoint (XX001); verify: corruption found
  7  revert conflicts under --on-conflict abort (55000): nothing changed (a dry run: would stop there)`;
