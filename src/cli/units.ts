/**
 * The revert and changes commands: a unit of work (one request, trace or
 * transaction) reverted with CheckpointService.revert (inside withContext,
 * carrying --actor and --reason), or listed with unitChanges.
 */
import type pg from 'pg';
import { CheckpointService } from '../lib/checkpoints.ts';
import { withContext } from '../lib/context.ts';
import { InvalidArgument, RevertConflict } from '../lib/errors.ts';
import type { OnConflict, RevertStep, UnitKey } from '../lib/interfaces.ts';
import { writeContext } from './commands.ts';
import { conflictTable } from './errors.ts';
import { ExitCode } from './exit-codes.ts';
import { formatTable, plural, remainingWidth } from './output.ts';
import type { CommandResult, GlobalOptions } from './result.ts';

/** --request, --trace, --transaction: exactly one. */
export interface UnitFlags {
  request?: string;
  trace?: string;
  transaction?: string;
}

/** The unit the flags name, and how to say it; usage error unless exactly one flag is given. */
function unitOf(flags: UnitFlags): { key: UnitKey; label: string } {
  const given = [
    flags.request === undefined ? [] : [{ key: { requestId: flags.request }, label: `request ${flags.request}` }],
    flags.trace === undefined ? [] : [{ key: { traceId: flags.trace }, label: `trace ${flags.trace}` }],
    flags.transaction === undefined
      ? []
      : [{ key: { transactionId: flags.transaction }, label: `transaction ${flags.transaction}` }],
  ].flat();
  const [unit] = given;
  if (given.length !== 1 || unit === undefined) {
    throw new InvalidArgument('invalid argument: give exactly one of --request, --trace, --transaction');
  }
  return unit;
}

export interface RevertOptions extends UnitFlags {
  onConflict: OnConflict;
  dryRun: boolean;
}

const changes = (steps: readonly RevertStep[]): number =>
  steps.filter((s) => s.action === 'updated' || s.action === 'inserted' || s.action === 'deleted').length;

export async function revertCommand(pool: pg.Pool, options: RevertOptions, globals: GlobalOptions): Promise<CommandResult> {
  const { key, label } = unitOf(options);
  const { onConflict, dryRun } = options;
  const service = new CheckpointService(pool);
  // Under abort, a conflict is a RevertConflict: exit 7, the conflicts on stderr (src/cli/errors.ts).
  const steps = await withContext(pool, writeContext(globals), () =>
    service.revert({ ...key, onConflict, dryRun }),
  ).catch((err: unknown) => {
    if (!(err instanceof RevertConflict)) throw err;
    throw new RevertConflict(err.message, {
      conflicts: err.conflicts,
      cause: err,
      ...(err.detail === undefined ? {} : { detail: err.detail }),
      hint: 'Nothing was changed. --dry-run shows every entity; --on-conflict skip leaves the conflicting ones as they are, overwrite takes them back anyway.',
    });
  });
  const json = { unit: key, onConflict, dryRun, steps };

  const conflicts = steps.flatMap((s) =>
    s.conflict === null ? [] : [{ entityType: s.entityType, entityId: s.entityId, conflict: s.conflict }],
  );
  const skipped = steps.filter((s) => s.action === 'skipped').length;
  const overwritten = onConflict === 'overwrite' ? conflicts.length : 0;
  const policy = onConflict === 'abort' ? '' : ` (on conflict: ${onConflict})`;
  const changed = plural(changes(steps), 'entity', 'entities');
  const head = dryRun
    ? `dry run: reverting ${label}${policy} would change ${changed}` +
      `${skipped > 0 ? ` and skip ${skipped}` : ''}${overwritten > 0 ? ` (${overwritten} over later changes)` : ''}; ` +
      'nothing was changed'
    : `reverted ${label}${policy}: ${changed} changed` +
      `${skipped > 0 ? `, ${skipped} skipped` : ''}${overwritten > 0 ? ` (${overwritten} over later changes)` : ''}`;
  const table = formatTable(
    [{ header: 'TYPE' }, { header: 'ID' }, { header: dryRun ? 'WOULD BE' : 'ACTION' }, { header: 'CONFLICT' }],
    steps.map((s) => [s.entityType, s.entityId, s.action, s.conflict ?? '']),
  );
  const human = steps.length === 0 ? head : `${head}\n${table}`;
  // A dry run under abort that meets conflicts: the real revert would stop there (exit 7, like it).
  if (dryRun && onConflict === 'abort' && conflicts.length > 0) {
    return {
      json,
      human,
      exitCode: ExitCode.revertConflict,
      stderr:
        `would abort: ${plural(conflicts.length, 'conflicting entity', 'conflicting entities')} ` +
        `(--on-conflict skip leaves them, overwrite takes them back anyway)\n${conflictTable(conflicts)}`,
    };
  }
  return { json, human };
}

export async function changesCommand(pool: pg.Pool, flags: UnitFlags): Promise<CommandResult> {
  const { key, label } = unitOf(flags);
  const list = await new CheckpointService(pool).unitChanges(key);
  if (list.length === 0) return { json: list, human: `${label}: no captured changes` };
  const rows = list.map((c) => [
    c.seq,
    c.entityType,
    c.entityId,
    c.operation,
    c.createdAt,
    c.createdBy ?? '',
    c.reason ?? '',
    c.columns.join(', '),
  ]);
  const fixed: Parameters<typeof formatTable>[0] = [
    { header: 'SEQ', right: true },
    { header: 'TYPE' },
    { header: 'ID' },
    { header: 'OPERATION' },
    { header: 'CREATED AT' },
    { header: 'CREATED BY', max: 24 },
    { header: 'REASON', max: 30 },
  ];
  const used = Math.max(...formatTable(fixed, rows.map((r) => r.slice(0, 7))).split('\n').map((l) => l.length)) + 2;
  const table = formatTable([...fixed, { header: 'COLUMNS', max: remainingWidth(used, 60) }], rows);
  return { json: list, human: `${label}: ${plural(list.length, 'change')}, in capture order\n${table}` };
}
