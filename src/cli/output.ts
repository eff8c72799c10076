/**
 * Human-readable output of the CLI: aligned tables, ISO timestamps, JSON
 * cut to a width. The --json output is JSON.stringify of the result (Dates
 * become ISO strings there too).
 */

export interface Column {
  header: string;
  /** Right-align (numbers). */
  right?: boolean;
  /** Longest cell; longer text is cut with an ellipsis. */
  max?: number;
}

/** Length in code points (close enough to terminal columns for our ASCII-heavy output). */
function width(text: string): number {
  return [...text].length;
}

/** One line of text, at most `max` code points; a cut ends in `…`. */
export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\r?\n/g, '⏎');
  const chars = [...oneLine];
  if (chars.length <= max) return oneLine;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Compact JSON of a value, cut to `max`. */
export function jsonCell(value: unknown, max = 60): string {
  return truncate(value === undefined ? '' : JSON.stringify(value), max);
}

/** Columns separated by two spaces, each as wide as its widest cell; trailing spaces trimmed. */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const cells = rows.map((row) =>
    columns.map((col, i) => {
      const cell = row[i] ?? '';
      return col.max === undefined ? cell.replace(/\r?\n/g, '⏎') : truncate(cell, col.max);
    }),
  );
  const widths = columns.map((col, i) => Math.max(width(col.header), ...cells.map((row) => width(row[i] ?? ''))));
  const line = (row: readonly string[]): string =>
    columns
      .map((col, i) => {
        const cell = row[i] ?? '';
        const pad = ' '.repeat((widths[i] ?? 0) - width(cell));
        return col.right ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n');
}

/** `key: value` lines with the keys padded to one width. */
export function formatFields(fields: ReadonlyArray<readonly [string, string]>): string {
  const keyWidth = Math.max(...fields.map(([key]) => width(key))) + 1;
  return fields.map(([key, value]) => `${`${key}:`.padEnd(keyWidth + 1)}${value}`.trimEnd()).join('\n');
}

/**
 * Pretty JSON for reading: strings longer than `maxString` are cut (with how
 * much was left out). `--json` prints the full value.
 */
export function prettyJson(value: unknown, maxString = 200): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) =>
      typeof v === 'string' && v.length > maxString
        ? `${v.slice(0, maxString)}… (${v.length - maxString} more characters)`
        : v,
    2,
  );
}

/** "1 checkpoint", "2 checkpoints". */
export function plural(n: number | bigint, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 || n === 1n ? word : many}`;
}

/** The width left for a last, flexible column on this terminal (or `fallback` when not a TTY). */
export function remainingWidth(used: number, fallback: number, min = 20): number {
  const columns = process.stdout.isTTY ? process.stdout.columns : undefined;
  if (!columns) return fallback;
  return Math.max(min, columns - used - 1);
}
