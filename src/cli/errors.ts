/**
 * How the CLI reports a failure: an exit code per error class, one line on
 * stderr (`error: <message> (<SQLSTATE>)`, then `hint: …` when there is one),
 * and with --json also one JSON document on stdout.
 */
import { CommanderError } from 'commander';
import {
  CheckpointError,
  Conflict,
  Corrupted,
  Forbidden,
  InvalidArgument,
  NotFound,
  RevertConflict,
  isDatabaseError,
  toCheckpointError,
} from '../lib/errors.ts';
import type { RevertConflictEntity } from '../lib/interfaces.ts';
import { ExitCode } from './exit-codes.ts';
import { formatTable } from './output.ts';

/** What is printed about a failure (and, with --json, its document). */
export interface ErrorReport {
  /** Class name: NotFound, InvalidArgument, …, UsageError, Error. */
  error: string;
  /** SQLSTATE, a Node error code (ECONNREFUSED), or `usage`. */
  code: string | undefined;
  message: string;
  hint?: string;
  detail?: string;
  /** RevertConflict: every conflicting entity. */
  conflicts?: RevertConflictEntity[];
  exitCode: ExitCode;
}

/** The service's field names as the CLI spells them, for InvalidArgument messages. */
const cliNames: Readonly<Record<string, string>> = {
  checkpointId: 'checkpoint-id',
  fromCheckpoint: 'from',
  toCheckpoint: '--to-checkpoint',
  toTime: '--to-time',
  entityType: 'type',
  entityId: 'id',
  olderThan: '--older-than',
  keepLast: '--keep-last',
  actor: '--actor',
  reason: '--reason',
  requestId: '--request',
  traceId: '--trace',
  transactionId: '--transaction',
  onConflict: '--on-conflict',
  at: '--at',
  limit: '--limit',
};

/** Clearer words than the schema's for some fields. */
const issueMessages: Readonly<Record<string, string>> = {
  toTime: 'expected an ISO 8601 time with an offset, e.g. 2026-11-25T09:00:00Z',
  at: 'expected an ISO 8601 time with an offset, e.g. 2026-11-25T09:00:00Z',
};

/** Hints for failures whose fix is not in the server's message. */
const hintsBySqlState: Readonly<Record<string, string>> = {
  '42883': 'A pg-checkpoint function is missing or out of date: run `pg-checkpoint migrate` on this database.',
  '42P01': 'A pg-checkpoint table is missing: run `pg-checkpoint migrate` on this database.',
  '3D000': 'Check --database-url / DATABASE_URL.',
  '28P01': 'Check the user and password in --database-url / DATABASE_URL.',
  '28000': 'Check the user in --database-url / DATABASE_URL.',
};
const hintsByNodeCode: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'Is PostgreSQL running there? Check --database-url / DATABASE_URL.',
  ENOTFOUND: 'Check the host in --database-url / DATABASE_URL.',
  ETIMEDOUT: 'Check the host and port in --database-url / DATABASE_URL.',
};

function exitCodeOf(err: CheckpointError): ExitCode {
  if (err instanceof RevertConflict) return ExitCode.revertConflict;
  if (err instanceof InvalidArgument) return ExitCode.usage;
  if (err instanceof NotFound) return ExitCode.notFound;
  if (err instanceof Conflict) return ExitCode.conflict;
  if (err instanceof Forbidden) return ExitCode.forbidden;
  if (err instanceof Corrupted) return ExitCode.corrupted;
  return ExitCode.unexpected;
}

/** A CLI-level InvalidArgument message: the service's field names replaced by the CLI's. */
function invalidArgumentMessage(err: InvalidArgument): string {
  if (err.issues.length === 0) return err.message;
  const parts = err.issues.map((issue) => {
    const name = cliNames[issue.path] ?? issue.path;
    const message = issueMessages[issue.path] ?? (issue.message === 'Invalid GUID' ? 'not a uuid' : issue.message);
    return name ? `${name}: ${message}` : message;
  });
  return `invalid argument: ${parts.join('; ')}`;
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

export function describeError(raw: unknown): ErrorReport {
  if (raw instanceof CommanderError) {
    return {
      error: 'UsageError',
      code: 'usage',
      message: raw.message.replace(/^error: /, ''),
      hint: 'See `pg-checkpoint --help` or `pg-checkpoint <command> --help`.',
      exitCode: ExitCode.usage,
    };
  }
  const err = toCheckpointError(raw);
  if (err instanceof CheckpointError) {
    const message = err instanceof InvalidArgument ? invalidArgumentMessage(err) : err.message;
    return {
      error: err.name,
      code: err.code,
      message,
      ...(err.hint === undefined ? {} : { hint: err.hint }),
      ...(err.detail === undefined ? {} : { detail: err.detail }),
      ...(err instanceof RevertConflict ? { conflicts: [...err.conflicts] } : {}),
      exitCode: exitCodeOf(err),
    };
  }
  const code = codeOf(err);
  const message = err instanceof Error ? err.message || String(err) : String(err);
  const hint = isDatabaseError(err)
    ? ((code === undefined ? undefined : hintsBySqlState[code]) ?? err.hint)
    : code === undefined
      ? undefined
      : hintsByNodeCode[code];
  const detail = isDatabaseError(err) ? err.detail : undefined;
  return {
    error: isDatabaseError(err) ? 'DatabaseError' : err instanceof Error ? err.name : 'Error',
    code,
    message,
    ...(hint === undefined ? {} : { hint }),
    ...(detail === undefined ? {} : { detail }),
    exitCode: ExitCode.unexpected,
  };
}

/** `error: <message> (<code>)`, `hint: <hint>` when there is one, and a revert's conflicts as a table. */
export function errorLines(report: ErrorReport): string {
  const code = report.code === undefined || report.code === 'usage' ? '' : ` (${report.code})`;
  const lines = [`error: ${report.message}${code}`];
  if (report.hint) lines.push(`hint: ${report.hint}`);
  if (report.conflicts !== undefined && report.conflicts.length > 0) lines.push(conflictTable(report.conflicts));
  return `${lines.join('\n')}\n`;
}

/** The entities a revert found changed since, one per line. */
export function conflictTable(conflicts: readonly RevertConflictEntity[]): string {
  return formatTable(
    [{ header: 'TYPE' }, { header: 'ID' }, { header: 'CONFLICT' }],
    conflicts.map((c) => [c.entityType, c.entityId, c.conflict]),
  );
}

/** The --json document of a failure. */
export function errorDocument(report: ErrorReport): { error: Omit<ErrorReport, 'error'> & { name: string } } {
  const { error, ...rest } = report;
  return { error: { name: error, ...rest } };
}
