/**
 * Errors as RFC 9457 problem details (application/problem+json), each with
 * the SQLSTATE of the failure in `code`:
 *
 *   NotFound        404  P0002        urn:pg-checkpoint:problem:not-found
 *   InvalidArgument 422  22023, 22P02 urn:pg-checkpoint:problem:invalid-argument (with `issues`)
 *   Conflict        409  23505, 23503 urn:pg-checkpoint:problem:conflict
 *   RevertConflict  409  55000        urn:pg-checkpoint:problem:revert-conflict (with `conflicts`)
 *   Forbidden       403  42501        urn:pg-checkpoint:problem:forbidden
 *   the HTTP layer's own (errors.ts): 401 28000 unauthorized, 403 42501 forbidden (role),
 *   404 42704 no-route, 405 0A000 method-not-allowed, 412 55000 precondition-failed,
 *   409 55P03 idempotency-in-progress, 422 22023 idempotency-key-reused
 *   Corrupted       500  XX001        urn:pg-checkpoint:problem:checkpoint-corrupted
 *   anything else   500  XX000        urn:pg-checkpoint:problem:internal-error (no internals; logged)
 *
 * Request validation failures (zod, via fastify-type-provider-zod) become
 * InvalidArgument in schemaErrorFormatter, so they take the same path as the
 * services' own InvalidArgument.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import type { SchemaErrorDataVar } from 'fastify/types/schema.js';
import {
  CheckpointError,
  Conflict,
  Corrupted,
  Forbidden,
  InvalidArgument,
  NotFound,
  RevertConflict,
  toCheckpointError,
} from '../lib/errors.ts';
import { HttpProblem } from './errors.ts';
import { Problem } from './schemas.ts';

export const PROBLEM_TYPE = 'application/problem+json';

const typePrefix = 'urn:pg-checkpoint:problem:';

interface Kind {
  slug: string;
  title: string;
}

function kindOf(err: CheckpointError): Kind {
  if (err instanceof HttpProblem) return { slug: err.slug, title: STATUS_CODES[err.status] ?? 'Error' };
  if (err instanceof NotFound) return { slug: 'not-found', title: 'Not found' };
  if (err instanceof InvalidArgument) return { slug: 'invalid-argument', title: 'Invalid argument' };
  if (err instanceof RevertConflict) return { slug: 'revert-conflict', title: 'Revert conflicts with later changes' };
  if (err instanceof Conflict) return { slug: 'conflict', title: 'Conflict' };
  if (err instanceof Forbidden) return { slug: 'forbidden', title: 'Insufficient privilege' };
  if (err instanceof Corrupted) return { slug: 'checkpoint-corrupted', title: 'Checkpoint corrupted' };
  return { slug: 'error', title: STATUS_CODES[err.status] ?? 'Error' };
}

/** schemaErrorFormatter: a request that does not fit its zod schema is an InvalidArgument naming every field. */
export function validationError(errors: FastifySchemaValidationError[], dataVar: SchemaErrorDataVar): Error {
  const issues = errors.map((e) => ({
    path: [dataVar, ...e.instancePath.split('/').filter((s) => s !== '')].join('.'),
    message: e.message ?? 'invalid',
  }));
  return new InvalidArgument(`invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
    issues,
  });
}

function isFastifyClientError(err: unknown): err is FastifyError & { statusCode: number } {
  return (
    err instanceof Error &&
    typeof (err as FastifyError).code === 'string' &&
    (err as FastifyError).code.startsWith('FST_') &&
    typeof (err as FastifyError).statusCode === 'number' &&
    ((err as FastifyError).statusCode ?? 500) >= 400 &&
    ((err as FastifyError).statusCode ?? 500) < 500
  );
}

function base(request: FastifyRequest): Pick<Problem, 'instance' | 'requestId'> {
  return { instance: `urn:uuid:${request.id}`, requestId: request.id };
}

/** The problem an error stands for, and whether it is a server fault to log. */
function toProblem(err: unknown, request: FastifyRequest): { problem: Problem; internal: boolean } {
  const mapped = toCheckpointError(err);
  const known = mapped instanceof CheckpointError ? mapped : undefined;

  if (known !== undefined && (known.status < 500 || known instanceof Corrupted)) {
    const { slug, title } = kindOf(known);
    const detail = known.detail ? `${known.message} (${known.detail})` : known.message;
    return {
      internal: known instanceof Corrupted,
      problem: {
        type: typePrefix + slug,
        title,
        status: known.status,
        detail,
        code: known.code,
        ...(known.hint === undefined ? {} : { hint: known.hint }),
        ...base(request),
        ...(known instanceof InvalidArgument && known.issues.length > 0 ? { issues: [...known.issues] } : {}),
        ...(known instanceof RevertConflict ? { conflicts: [...known.conflicts] } : {}),
      },
    };
  }

  if (isFastifyClientError(err)) {
    // Malformed JSON, an empty JSON body, an unsupported content type, a body too large, ...
    const status = err.statusCode;
    return {
      internal: false,
      problem: {
        type: typePrefix + (status === 415 ? 'unsupported-media-type' : 'bad-request'),
        title: STATUS_CODES[status] ?? 'Bad Request',
        status,
        detail: err.message,
        code: err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? '22P02' : '22023',
        ...base(request),
      },
    };
  }

  return {
    internal: true,
    problem: {
      type: typePrefix + 'internal-error',
      title: 'Internal Server Error',
      status: 500,
      detail: `An unexpected error occurred. Quote request id ${request.id} when reporting it.`,
      code: 'XX000',
      ...base(request),
    },
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  // Serialized here (not by a route's response schema): an error path must not fail on its own output.
  return reply.code(problem.status).type(PROBLEM_TYPE).serializer(JSON.stringify).send(problem);
}

export function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { problem, internal } = toProblem(err, request);
  if (internal) request.log.error({ err }, problem.title);
  else request.log.info({ code: problem.code, status: problem.status }, problem.detail);
  return sendProblem(reply, problem);
}

// ---- OpenAPI: the error responses of a route ------------------------------------

const descriptions: Readonly<Record<number, string>> = {
  400: 'Malformed request (e.g. invalid JSON: 22P02)',
  401: 'No API key, or an unknown or revoked one (28000)',
  403: 'Insufficient privilege: the API key’s role, or the database’s (42501)',
  404: 'Not found (P0002)',
  409: 'Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03)',
  422: 'Invalid argument (22023, 22P02; request validation, with issues)',
  500: 'Checkpoint corrupted (XX001), or an internal error (XX000)',
};

/** Response schema entries documenting the problems a route may answer with. */
export function problems(...statuses: number[]): Record<number, ProblemResponse> {
  const out: Record<number, ProblemResponse> = {};
  for (const status of [...statuses, 422, 500]) out[status] = problemResponse(descriptions[status] ?? 'Error');
  return out;
}

/** One problem response with a description of its own (a route whose 409, say, means more than the usual). */
export function problemResponse(description: string): ProblemResponse {
  return { description, content: { [PROBLEM_TYPE]: { schema: Problem } } };
}

interface ProblemResponse {
  description: string;
  content: Record<string, { schema: typeof Problem }>;
}
