/**
 * What every operation of the API shares, written into the OpenAPI document
 * once rather than into each route: the problems of authentication, routing
 * and media types; the Idempotency-Key of POSTs; the response headers
 * (x-request-id everywhere, ETag on entities, Link on pages, Location on
 * creation, idempotent-replayed on POSTs). Each says what the hooks of
 * auth.ts, no-route.ts, idempotency.ts, etag.ts and pages.ts do.
 */
import type { OpenAPIV3_1 } from 'openapi-types';
import { IDEMPOTENCY_HEADER, REPLAYED_HEADER } from './idempotency.ts';
import { PROBLEM_TYPE } from './problem.ts';
import { REQUEST_ID_HEADER } from './request-context.ts';

type Document = Partial<OpenAPIV3_1.Document>;
type Operation = OpenAPIV3_1.OperationObject;
type Response = OpenAPIV3_1.ResponseObject;

const methods = ['get', 'post', 'patch', 'put', 'delete'] as const;
/** The responses that are one entity (or carry one): they have an ETag. */
const entitySchemas = new Set(['Plan', 'Task', 'Artifact', 'Prompt', 'PromptUpdated'].map((n) => `#/components/schemas/${n}`));

function problem(description: string): Response {
  return { description, content: { [PROBLEM_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } };
}

function header(description: string): OpenAPIV3_1.HeaderObject {
  return { description, schema: { type: 'string' } };
}

/** Adds a response, or a sentence to the description of the one already there. */
function addResponse(responses: OpenAPIV3_1.ResponsesObject, status: string, description: string): void {
  const existing = responses[status] as Response | undefined;
  if (existing === undefined) responses[status] = problem(description);
  else existing.description = `${existing.description}; or ${description.charAt(0).toLowerCase()}${description.slice(1)}`;
}

function hasParameter(op: Operation, where: string, name: string): boolean {
  return (op.parameters ?? []).some((p) => 'in' in p && p.in === where && p.name === name);
}

function isEntity(response: Response): boolean {
  const schema = response.content?.['application/json']?.schema;
  return schema !== undefined && '$ref' in schema && entitySchemas.has(schema.$ref);
}

function describeOperation(op: Operation, method: (typeof methods)[number]): void {
  const responses = (op.responses ??= {});
  const secured = op.security === undefined || op.security.length > 0;
  if (secured) {
    addResponse(responses, '401', 'No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer)');
    addResponse(responses, '403', 'The API key’s role does not allow this operation (42501)');
  }
  addResponse(responses, '404', 'No route has this path (42704)');
  addResponse(responses, '405', 'This path has other methods only (0A000; the Allow header lists them)');
  if (op.requestBody !== undefined) {
    addResponse(responses, '400', 'Malformed JSON (22P02)');
    addResponse(responses, '415', 'The body is not application/json (22023)');
  }
  if (method === 'post') {
    (op.parameters ??= []).push({
      name: IDEMPOTENCY_HEADER,
      in: 'header',
      required: false,
      description:
        'Makes the POST safe to retry: a request with a key used before (by this API key, with the same method, ' +
        'path and body) gets the first response again and changes nothing. 1 to 255 visible ASCII characters.',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
    addResponse(responses, '409', 'A request with the same Idempotency-Key is still running (55P03; Retry-After)');
    addResponse(responses, '422', 'The Idempotency-Key was used with another request (22023)');
  }
  if (hasParameter(op, 'header', 'if-match')) {
    addResponse(responses, '412', 'If-Match names a version that is no longer current (55000); nothing changed');
  }
  for (const [status, response] of Object.entries(responses) as [string, Response][]) {
    const headers: Record<string, OpenAPIV3_1.HeaderObject> = {
      [REQUEST_ID_HEADER]: header('The id of this request (its request_logs row, for a write)'),
    };
    if (status.startsWith('2')) {
      if (isEntity(response)) headers.etag = header('The entity’s version: send it back in If-Match');
      if (hasParameter(op, 'query', 'cursor')) {
        headers.link = header('The next page, when there is one: <path?limit=…&cursor=…>; rel="next"');
      }
      if (status === '201' || status === '202') headers.location = header('Where the new resource is');
      if (method === 'post') headers[REPLAYED_HEADER] = header('"true" when this is the stored response of an earlier request with the same Idempotency-Key');
    }
    if (status === '401') headers['www-authenticate'] = header('Bearer realm="pg-checkpoint"');
    if (status === '405') headers.allow = header('The methods this path has');
    if (status === '409' && method === 'post') headers['retry-after'] = header('Seconds to wait before retrying');
    response.headers = { ...headers, ...response.headers };
  }
}

/** The document (OpenAPI 3.1, as docs.ts makes it) with every operation's shared conventions described. */
export function describeConventions<D extends object>(document: D): D {
  if (!('openapi' in document) || typeof document.openapi !== 'string' || !document.openapi.startsWith('3.1')) {
    throw new Error('describeConventions: expected an OpenAPI 3.1 document');
  }
  const doc: Document = document;
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of methods) {
      const op = item?.[method];
      if (op !== undefined) describeOperation(op, method);
    }
  }
  return document;
}
