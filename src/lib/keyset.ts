/**
 * Keyset (cursor) pagination: a list in a fixed order of unique sort keys is
 * read a page at a time, each page the rows after the last one of the page
 * before. Unlike an offset, a row inserted or deleted meanwhile never shifts
 * the pages: no row is returned twice and none that existed throughout is
 * skipped (a row inserted behind the cursor simply is not seen).
 *
 * The cursor is opaque to clients: the last row's sort keys as text,
 * base64url-encoded JSON. Its values go back to SQL as parameters, cast to
 * the keys' types.
 */
import { z } from 'zod';
import { InvalidArgument } from './errors.js';
import { isoTime } from './iso-time.js';

export interface SortKey {
  /** SQL expression over the listed rows (fixed text, never input). */
  expr: string;
  /** Its type, to cast a cursor value back to. */
  type: 'timestamptz' | 'uuid' | 'text' | 'integer' | 'bigint' | 'boolean';
}

export interface Keyset {
  /** The sort keys, most significant first; together unique. */
  keys: readonly SortKey[];
  /** Newest first: every key descending. */
  descending?: boolean;
}

export const PageInput = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Items per page (1 to 1000, default 100)'),
  cursor: z.string().min(1).optional().describe('Where the page starts: the cursor of the previous page’s `next` link'),
});
export type PageInput = z.input<typeof PageInput>;

export interface Page<T> {
  items: T[];
  /** The cursor of the next page; absent on the last one. */
  next?: string;
}

/** The ORDER BY of a keyset. */
export function orderBy(keyset: Keyset): string {
  return keyset.keys.map((k) => `${k.expr}${keyset.descending ? ' desc' : ''}`).join(', ');
}

/** The select-list column that carries each row's cursor values (read it with pageOf). */
export function cursorColumn(keyset: Keyset): string {
  const texts = keyset.keys.map((k) => (k.type === 'timestamptz' ? isoTime(k.expr) : `(${k.expr})::text`));
  return `array[${texts.join(', ')}] as "__cursor"`;
}

function decodeCursor(cursor: string, size: number): string[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === size && values.every((v) => typeof v === 'string')) {
      return values as string[];
    }
  } catch {
    // not JSON: refused below
  }
  throw new InvalidArgument('invalid cursor: use the `next` link of the previous page as it is', {
    issues: [{ path: 'querystring.cursor', message: 'not a cursor of this list' }],
  });
}

/**
 * The condition "after the cursor" (true without one), its parameters
 * numbered from firstParam. A malformed cursor is InvalidArgument.
 */
export function afterCursor(keyset: Keyset, cursor: string | undefined, firstParam: number): { sql: string; values: string[] } {
  if (cursor === undefined) return { sql: 'true', values: [] };
  const values = decodeCursor(cursor, keyset.keys.length);
  const params = keyset.keys.map((k, i) => `$${firstParam + i}::${k.type}`);
  const rows = keyset.keys.map((k) => k.expr);
  return { sql: `(${rows.join(', ')}) ${keyset.descending ? '<' : '>'} (${params.join(', ')})`, values };
}

/**
 * The page of rows read with `limit + 1` rows (the extra one only says that
 * there is a next page), each with the cursorColumn, which is removed.
 */
export function pageOf<T>(rows: readonly (T & { __cursor: string[] })[], limit: number): Page<T> {
  const items = rows.slice(0, limit).map(({ __cursor: _, ...row }) => row as T);
  const last = rows[limit - 1];
  if (rows.length <= limit || last === undefined) return { items };
  return { items, next: Buffer.from(JSON.stringify(last.__cursor)).toString('base64url') };
}
