/**
 * The plan executor in ten lines: two steps, the second fails, and the plan
 * is rolled back to the checkpoint taken before it.
 *
 *   DATABASE_URL=postgres://… npx tsx examples/executor.ts
 *   (without DATABASE_URL: the embedded server of `npm start` while it runs,
 *   its port from .pgdata/postmaster.pid; else one started for this run)
 */
import { CheckpointService } from '../src/lib/checkpoints.js';
import { createPool, resolveDatabase } from '../src/db.js';
import { entities } from '../src/app/entities.js';
import { PlanExecutor } from '../src/app/executor.js';
import { runMigrations } from '../src/migrate.js';

const db = await resolveDatabase();
await runMigrations(db.url, { quiet: true });
const pool = createPool(db.url);
const { plans, tasks, artifacts } = entities(pool);

const plan = await plans.create({ title: 'Quarterly report' });
await tasks.create({ planId: plan.id, title: 'collect', position: 1 });
await tasks.create({ planId: plan.id, title: 'draft', position: 2 });

const executor = new PlanExecutor({ pool, service: new CheckpointService(pool) })
  .register('collect', async ({ artifacts }) => {
    await artifacts.write('data.csv', 'quarter,revenue\nQ3,42');
  })
  .register('draft', async ({ artifacts }) => {
    await artifacts.write('draft.md', '# half a draft');
    throw new Error('model timed out');
  });

const result = await executor.run(plan.id); // policy 'stop' by default
console.log(result.status, result.steps.map((s) => `${s.title}: ${s.status}${s.error ? ` (${s.error})` : ''}`));
for (const t of await tasks.listByPlan(plan.id)) {
  console.log(t.title, (await artifacts.listByTask(t.id)).map((a) => a.name));
}

await pool.end();
await db.stop();
