/**
 * The service's spans, through @opentelemetry/api only: with no SDK
 * registered they cost next to nothing; with one (a user's NodeSDK or
 * BasicTracerProvider) they show up without configuration, from the tracer
 * `pg-checkpoint` at this package's version.
 *
 * Every operation is one span, active while it runs (so the SQL it sends,
 * and any span a driver instrumentation makes, are its children), with the
 * attributes below; a failure sets status ERROR, records the exception, and
 * names the SQLSTATE in db.response.status_code.
 */
import { type Attributes, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { version } from '../version.ts';

export const TRACER_NAME = 'pg-checkpoint';

/** The attribute names the spans carry. */
export const attr = {
  entityType: 'checkpoint.entity_type',
  entityId: 'checkpoint.entity_id',
  checkpointId: 'checkpoint.id',
  rowsChanged: 'checkpoint.rows_changed',
  dryRun: 'checkpoint.dry_run',
  /** verify: checkpoints whose state no longer matches its hash. */
  corrupted: 'checkpoint.corrupted',
  /** verify over the whole history, a step or slice at a time: checkpoints read. */
  scanned: 'checkpoint.scanned',
  pruneOlderThan: 'checkpoint.prune.older_than',
  pruneKeepLast: 'checkpoint.prune.keep_last',
  pruneHorizon: 'checkpoint.prune.horizon',
  pruneBatchSize: 'checkpoint.prune.batch_size',
  /** revert: the unit of work (one of the three) and the conflict policy. */
  unitRequestId: 'checkpoint.unit.request_id',
  unitTraceId: 'checkpoint.unit.trace_id',
  unitTransactionId: 'checkpoint.unit.transaction_id',
  onConflict: 'checkpoint.on_conflict',
  /** ok | error */
  outcome: 'checkpoint.outcome',
  /** SQLSTATE of a failure (OpenTelemetry's database semantic conventions). */
  statusCode: 'db.response.status_code',
  errorType: 'error.type',
  dbSystem: 'db.system.name',
} as const;

/** A mutable span handle for the operation's results (what it changed). */
export type OperationSpan = Pick<Span, 'setAttribute' | 'setAttributes'>;

/**
 * Runs fn inside an active span named `name`: outcome ok, or on a throw
 * outcome error, status ERROR with the message, the exception and its
 * SQLSTATE (when it has one); the error goes on unchanged.
 */
export function traced<T>(name: string, attributes: Attributes, fn: (span: OperationSpan) => Promise<T>): Promise<T> {
  const tracer = trace.getTracer(TRACER_NAME, version);
  return tracer.startActiveSpan(
    name,
    { kind: SpanKind.INTERNAL, attributes: { [attr.dbSystem]: 'postgresql', ...withoutUndefined(attributes) } },
    async (span) => {
      try {
        const result = await fn(span);
        span.setAttribute(attr.outcome, 'ok');
        return result;
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        span.setAttributes({ [attr.outcome]: 'error', [attr.errorType]: error.name });
        const code = (err as { code?: unknown }).code;
        if (typeof code === 'string' && code !== '') span.setAttribute(attr.statusCode, code);
        span.recordException(error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

function withoutUndefined(attributes: Attributes): Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== undefined));
}
