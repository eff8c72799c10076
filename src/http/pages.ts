/**
 * Lists answer a page at a time (keyset pagination, src/lib/keyset.ts):
 * ?limit= (default 100, at most 1000) and ?cursor=. The body is the page's
 * items; when there is a next page, the Link header names it
 * (`<…?limit=…&cursor=…>; rel="next"`, RFC 8288): follow it as it is.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageInput, type Page } from '../lib/keyset.ts';

/** The query of a list route. */
export const PageQuery = PageInput;

/** Sets the Link header of a page's next page; returns its items (the body). */
export function sendPage<T>(request: FastifyRequest, reply: FastifyReply, page: Page<T>): T[] {
  if (page.next !== undefined) {
    const next = new URL(request.url, 'http://localhost');
    next.searchParams.set('cursor', page.next);
    reply.header('link', `<${next.pathname}${next.search}>; rel="next"`);
  }
  return page.items;
}
