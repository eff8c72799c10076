/**
 * Failures of the HTTP layer itself (not of the checkpoint service): each a
 * problem type of its own (`slug`), with a SQLSTATE-style `code` like every
 * other problem. problem.ts turns them into problem details.
 */
import { CheckpointError, type ErrorDetails } from '../lib/errors.ts';

export class HttpProblem extends CheckpointError {
  /** The last part of the problem type, urn:pg-checkpoint:problem:<slug>. */
  readonly slug: string;

  constructor(status: number, code: string, slug: string, message: string, details: Omit<ErrorDetails, 'code'> = {}) {
    super(message, code, status, details);
    this.slug = slug;
  }
}

/** 401 (28000 invalid_authorization_specification): no API key, or one that is unknown or revoked. */
export class Unauthorized extends HttpProblem {
  constructor(message: string) {
    super(401, '28000', 'unauthorized', message, {
      hint: 'Send Authorization: Bearer <key>; create a key with `pg-checkpoint keys create --actor <name> --role reader|writer|admin`.',
    });
  }
}

/** 403 (42501): the API key's role does not allow the operation. */
export class RoleForbidden extends HttpProblem {
  constructor(message: string) {
    super(403, '42501', 'forbidden', message);
  }
}

/** 404 (42704 undefined_object): no route has this path. */
export class NoRoute extends HttpProblem {
  constructor(message: string) {
    super(404, '42704', 'no-route', message, { hint: 'See GET /openapi.json (or /docs) for the routes.' });
  }
}

/** 405 (0A000 feature_not_supported): the path exists, not with this method (the Allow header lists those it has). */
export class MethodNotAllowed extends HttpProblem {
  constructor(message: string) {
    super(405, '0A000', 'method-not-allowed', message);
  }
}

/** 412 (55000 object_not_in_prerequisite_state): If-Match names a version that is no longer current. */
export class PreconditionFailed extends HttpProblem {
  constructor(message: string) {
    super(412, '55000', 'precondition-failed', message, {
      hint: 'GET the resource again for its current ETag, and decide whether your change still applies.',
    });
  }
}

/** 409 (55P03 lock_not_available): a request with the same Idempotency-Key is still running. */
export class IdempotencyInProgress extends HttpProblem {
  constructor(message: string) {
    super(409, '55P03', 'idempotency-in-progress', message, {
      hint: 'Retry after the first request has finished; its response is then replayed.',
    });
  }
}

/** 422 (22023): the Idempotency-Key was used before with another request. */
export class IdempotencyMismatch extends HttpProblem {
  constructor(message: string) {
    super(422, '22023', 'idempotency-key-reused', message, {
      hint: 'Use a new Idempotency-Key for a different request.',
    });
  }
}
