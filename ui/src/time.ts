/**
 * Times: the API gives ISO 8601 in UTC with microseconds
 * (2026-12-04T19:45:12.123456Z). The page shows them in the browser's zone
 * (to the millisecond, which is all a Date holds) and keeps the exact value
 * for the tooltip and for every call that names a point in time.
 */
const shown = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  timeZoneName: 'short',
});

export function localTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : shown.format(date);
}

const parts = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/**
 * The tooltip: the exact value in the browser's zone, to the microsecond
 * (zone offsets are whole minutes, so the fraction is the server's own), and
 * as the server gave it.
 */
export function exactTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const fraction = /\.(\d+)/.exec(iso)?.[1] ?? '000000';
  const p = Object.fromEntries(parts.formatToParts(date).map((x) => [x.type, x.value]));
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const offset = (p.timeZoneName ?? '').replace('GMT', '') || '+00:00';
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}.${fraction} ${offset} (${zone})\n${iso} (UTC, as stored)`;
}

/**
 * A time typed by the user: an ISO string with an offset as it is, or a
 * local date-time (2026-12-04T20:45, from a datetime-local input) read in
 * the browser's zone. null: not a time.
 */
export function parseTime(input: string): string | null {
  const text = input.trim();
  if (text === '') return null;
  if (/(Z|[+-]\d\d:?\d\d)$/i.test(text)) return Number.isNaN(new Date(text).getTime()) ? null : text;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
