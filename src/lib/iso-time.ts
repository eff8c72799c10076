/**
 * Times on the way out: PostgreSQL's timestamptz as ISO 8601 text in UTC
 * with all six fractional digits, made by PostgreSQL itself. Never through
 * a JavaScript Date, which keeps whole milliseconds: a time read back and
 * passed as `at` or `toTime` would then name a point just before the row
 * version it was read from.
 */
import { z } from 'zod';

/** The SQL expression of `column` (a fixed column name or expression, never input) as such text. */
export function isoTime(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** What isoTime makes, e.g. 2026-11-25T17:13:04.581564Z. */
export const IsoTimeMicros = z.iso
  .datetime({ precision: 6 })
  .describe('ISO 8601 in UTC with microseconds, e.g. 2026-11-25T17:13:04.581564Z; usable as `at` / `toTime` as it is');
