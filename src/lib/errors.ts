/**
 * Errors of the service layer: one class per kind of failure, each with the
 * SQLSTATE it comes from (`code`) and the HTTP status it stands for
 * (`status`). The SQL functions raise the SQLSTATEs (see CONTRACT.md,
 * "Errors"); toCheckpointError turns a `pg` error into the matching class.
 */
import pg from 'pg';
import { z } from 'zod';
import type { RevertConflictEntity } from './interfaces.js';

export interface ErrorDetails {
  /** SQLSTATE; each class has a default. */
  code?: string;
  hint?: string;
  detail?: string;
  cause?: unknown;
}

export class CheckpointError extends Error {
  /** SQLSTATE of the failure (e.g. P0002), or the class default when it did not come from Postgres. */
  readonly code: string;
  /** HTTP status that an API answers with. */
  readonly status: number;
  readonly hint: string | undefined;
  readonly detail: string | undefined;

  constructor(message: string, code: string, status: number, details: Omit<ErrorDetails, 'code'> = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.hint = details.hint;
    this.detail = details.detail;
  }

  /** What JSON.stringify gives (logs, --json dumps): no stack, no cause. */
  toJSON(): { error: string; code: string; message: string; hint?: string; detail?: string } {
    return {
      error: this.name,
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.detail === undefined ? {} : { detail: this.detail }),
    };
  }
}

/** P0002: an unknown checkpoint or entity, or no manual checkpoint to roll back to. */
export class NotFound extends CheckpointError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.code ?? 'P0002', 404, details);
  }
}

export interface ArgumentIssue {
  /** Dotted path of the offending field ('' for the input as a whole). */
  path: string;
  message: string;
}

/** 22023 / 22P02 (and bad interval or time text), or input refused by a zod schema before reaching SQL. */
export class InvalidArgument extends CheckpointError {
  /** The zod issues, when the input failed validation in TypeScript. */
  readonly issues: readonly ArgumentIssue[];

  constructor(message: string, details: ErrorDetails & { issues?: readonly ArgumentIssue[] } = {}) {
    super(message, details.code ?? '22023', 422, details);
    this.issues = details.issues ?? [];
  }

  static fromZod(err: z.ZodError): InvalidArgument {
    const issues = err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    const text = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    return new InvalidArgument(`invalid argument: ${text}`, { issues, cause: err });
  }
}

/** 409: unique or foreign key violation, serialization failure, deadlock, lock not available, a revert's conflicts. */
export class Conflict extends CheckpointError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.code ?? '55000', 409, details);
  }
}

/**
 * 55000 from revert_changes under on_conflict 'abort': entities the unit
 * changed were changed since by someone else, so nothing was reverted.
 * `conflicts` lists every one of them (the SQL message names the first 20).
 */
export class RevertConflict extends Conflict {
  readonly conflicts: readonly RevertConflictEntity[];

  constructor(message: string, details: ErrorDetails & { conflicts: readonly RevertConflictEntity[] }) {
    super(message, { ...details, code: details.code ?? '55000' });
    this.conflicts = details.conflicts;
  }

  override toJSON(): ReturnType<CheckpointError['toJSON']> & { conflicts: RevertConflictEntity[] } {
    return { ...super.toJSON(), conflicts: [...this.conflicts] };
  }
}

/** 42501: the role lacks the privilege the operation needs. */
export class Forbidden extends CheckpointError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.code ?? '42501', 403, details);
  }
}

/** XX001: a checkpoint's state no longer matches its hash. */
export class Corrupted extends CheckpointError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.code ?? 'XX001', 500, details);
  }
}

type ErrorClass = new (message: string, details: ErrorDetails) => CheckpointError;

const bySqlState: Readonly<Record<string, ErrorClass>> = {
  P0002: NotFound,
  '22023': InvalidArgument, // invalid_parameter_value
  '22P02': InvalidArgument, // invalid_text_representation (a malformed uuid, checkpoint.request_id)
  '22007': InvalidArgument, // invalid_datetime_format (e.g. prune's older_than text)
  '22008': InvalidArgument, // datetime_field_overflow
  '23505': Conflict, // unique_violation
  '23503': Conflict, // foreign_key_violation
  '40001': Conflict, // serialization_failure
  '40P01': Conflict, // deadlock_detected
  '55P03': Conflict, // lock_not_available
  '55000': Conflict, // object_not_in_prerequisite_state (revert_changes conflicts: RevertConflict from the service)
  '42501': Forbidden, // insufficient_privilege
  XX001: Corrupted, // data_corrupted
};

/** The message of anything thrown (an Error's message, else its string form). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function isDatabaseError(err: unknown): err is pg.DatabaseError {
  if (err instanceof pg.DatabaseError) return true;
  // Another copy of pg-protocol (a second pg in node_modules) has its own class.
  return (
    err instanceof Error &&
    typeof (err as { code?: unknown }).code === 'string' &&
    typeof (err as { severity?: unknown }).severity === 'string'
  );
}

/**
 * The CheckpointError an error stands for: a `pg` DatabaseError by its
 * SQLSTATE, a ZodError as InvalidArgument, a CheckpointError as itself.
 * Anything else (a connection failure, an unmapped SQLSTATE, a bug) is
 * returned unchanged.
 */
export function toCheckpointError(err: unknown): CheckpointError | unknown {
  if (err instanceof CheckpointError) return err;
  if (err instanceof z.ZodError) return InvalidArgument.fromZod(err);
  if (isDatabaseError(err) && err.code !== undefined) {
    // Mapped codes first; then what else the caller's input causes: the rest
    // of class 22 (data exception: out of range, too long, ...), of class 23
    // (check, not null) and 54000 (a value too large for an index).
    const Class = bySqlState[err.code] ?? (/^2[23]/.test(err.code) || err.code === '54000' ? InvalidArgument : undefined);
    if (Class) {
      return new Class(err.message, {
        code: err.code,
        cause: err,
        ...(err.hint ? { hint: err.hint } : {}),
        ...(err.detail ? { detail: err.detail } : {}),
      });
    }
  }
  return err;
}

/** Parses input with a schema; InvalidArgument (never reaching SQL) when it does not fit. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw InvalidArgument.fromZod(parsed.error);
  return parsed.data;
}
