/**
 * plans, tasks and checkpoints: what there is, to find the ids the other
 * commands take. Plain reads (the entities' tables, `checkpoints`).
 */
import type pg from 'pg';
import { entities } from '../app/entities.ts';
import { CheckpointService } from '../lib/checkpoints.ts';
import { checkpointsTable } from './commands.ts';
import { formatTable, plural } from './output.ts';
import type { CommandResult } from './result.ts';

export async function plansCommand(pool: pg.Pool): Promise<CommandResult> {
  const plans = await entities(pool).plans.list();
  if (plans.length === 0) return { json: plans, human: 'no plans' };
  const table = formatTable(
    [{ header: 'ID' }, { header: 'STATUS' }, { header: 'UPDATED AT' }, { header: 'TITLE', max: 60 }],
    plans.map((p) => [p.id, p.status, p.updatedAt, p.title]),
  );
  return { json: plans, human: `${plural(plans.length, 'plan')}\n${table}` };
}

export async function tasksCommand(pool: pg.Pool, planId: string): Promise<CommandResult> {
  const { plans, tasks } = entities(pool);
  // NotFound for an unknown plan, rather than an empty list that looks like a plan without tasks.
  const plan = await plans.get(planId);
  const list = await tasks.listByPlan(plan.id);
  const head = `plan ${plan.id} (${plan.status}): ${plural(list.length, 'task')}, in execution order`;
  if (list.length === 0) return { json: list, human: head };
  const table = formatTable(
    [
      { header: 'POS', right: true },
      { header: 'ID' },
      { header: 'STATUS' },
      { header: 'TITLE', max: 40 },
      { header: 'ERROR', max: 40 },
    ],
    list.map((t) => [t.position === null ? '' : String(t.position), t.id, t.status, t.title, t.error ?? '']),
  );
  return { json: list, human: `${head}\n${table}` };
}

export interface CheckpointsOptions {
  type?: string;
  limit: number;
}

export async function checkpointsCommand(pool: pg.Pool, options: CheckpointsOptions): Promise<CommandResult> {
  const checkpoints = await new CheckpointService(pool).recent({
    ...(options.type === undefined ? {} : { entityType: options.type }),
    limit: options.limit,
  });
  const scope = options.type === undefined ? '' : ` of type ${options.type}`;
  if (checkpoints.length === 0) return { json: checkpoints, human: `no checkpoints${scope}` };
  const head = `the newest ${plural(checkpoints.length, 'checkpoint')}${scope}, newest first`;
  return { json: checkpoints, human: `${head}\n${checkpointsTable(checkpoints, true)}` };
}
