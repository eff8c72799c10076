/**
 * Several statements sent as one query string share statement_timestamp()
 * and one transaction, but each is a point of its own in the history: a
 * checkpoint made by the first is rolled back to before the others.
 */
import { describe, expect, it } from 'vitest';
import { withFreshDatabase } from './helpers/db.ts';

describe('a multi-statement query string', () => {
  it('rolls back to a checkpoint made by its first statement, undoing the others', async () => {
    await withFreshDatabase(async (db) => {
      const plan = 'e0000000-0000-4000-8000-000000000001';
      const task = 'e0000000-0000-4000-8000-000000000002';
      await db.pool.query(`insert into plans (id, title) values ('${plan}', 'before')`);
      await db.pool.query(`insert into tasks (id, plan_id, title) values ('${task}', '${plan}', 'task')`);
      // one message (simple query protocol, no parameters)
      await db.pool.query(`select create_checkpoint('plan', '${plan}', 'before the step');
                           update plans set title = 'broken' where id = '${plan}';
                           delete from tasks where id = '${task}'`);

      const rolled = await db.pool.query<{ entity_type: string; action: string }>(
        `select entity_type, action from rollback_entity('plan', $1) order by 1`,
        [plan],
      );
      expect(rolled.rows).toEqual([
        { entity_type: 'plan', action: 'updated' },
        { entity_type: 'task', action: 'inserted' },
      ]);
      const state = await db.pool.query(`select p.title, count(t.id)::int as tasks
                                         from plans p left join tasks t on t.plan_id = p.id
                                         where p.id = $1 group by p.title`, [plan]);
      expect(state.rows).toEqual([{ title: 'before', tasks: 1 }]);
    });
  });
});
