/**
 * Trace context in and out of carriers (HTTP headers, a Context's
 * `carrier`): through the propagator the application configured
 * (`propagation.setGlobalPropagator`, or the one an OpenTelemetry SDK
 * registers), so B3, Jaeger or any other format works as well as W3C.
 * Without one configured (the API's default propagator knows no fields),
 * W3C Trace Context: a `traceparent` header is then still honoured.
 */
import {
  type Context as OtelContext,
  type SpanContext,
  type TextMapPropagator,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  propagation,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/** Headers a propagator reads or writes: name (lower case) → value. */
export type Carrier = Record<string, string>;

const w3c = new W3CTraceContextPropagator();

/** The global propagator when one is configured, else W3C Trace Context. */
function propagator(): TextMapPropagator {
  return propagation.fields().length > 0 ? propagation : w3c;
}

/** `parent` with the span context the carrier names (for spans started under it). */
export function extractContext(parent: OtelContext, carrier: Readonly<Record<string, string | string[] | undefined>>): OtelContext {
  return propagator().extract(parent, carrier, defaultTextMapGetter);
}

/** The valid span context the carrier names, if any. */
export function extractSpanContext(parent: OtelContext, carrier: Readonly<Record<string, string | string[] | undefined>>): SpanContext | undefined {
  const spanContext = trace.getSpanContext(extractContext(parent, carrier));
  return spanContext && isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** The carrier that names `ctx`'s span (empty when it has none). */
export function injectContext(ctx: OtelContext): Carrier {
  const carrier: Carrier = {};
  propagator().inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}
