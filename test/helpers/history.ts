/**
 * Fabricated checkpoint history for the worker tests: real plans written
 * through the capture triggers, then aged (as superuser, triggers off) so
 * that part of every entity's history lies behind the retention horizon; and
 * an independent statement of the retention rule to check a prune against.
 */
import { type TestDatabase, withSession } from './db.ts';


/**
 * `plans` plans, each with `versions` checkpoints (one insert, then
 * versions - 1 updates, every statement touching all of them).
 */
export async function writePlanHistory(db: TestDatabase, plans: number, versions: number): Promise<void> {
  await db.pool.query(`insert into plans (title) select 'plan ' || g from generate_series(1, $1::int) g`, [plans]);
  for (let v = 2; v <= versions; v++) {
    await db.pool.query(`update plans set title = 'plan v' || $1::int || ' ' || id`, [v]);
  }
}

/**
 * `plans` plans whose history (`versions` checkpoints each, the newest 12
 * hours old and each older one `dayStep` days older than the next) is
 * written straight into checkpoints, in capture order, with correct hashes:
 * the fast way to a large aged history. The newest state of each plan is its
 * current row; older ones differ in title and updated_at. Needs a superuser
 * (the plans are inserted with capture off, in this session only).
 */
export async function fabricatePlanHistory(db: TestDatabase, plans: number, versions: number, dayStep = 1): Promise<void> {
  await withSession(db.url, async (c) => {
    await c.query('begin');
    await c.query('set local session_replication_role = replica');
    await c.query(`insert into plans (title) select 'plan ' || g from generate_series(1, $1::int) g`, [plans]);
    await c.query('set local session_replication_role = origin');
    await c.query(
      `insert into checkpoints (entity_type, entity_id, operation, state_data, state_hash, reason, created_by, created_at)
       select 'plan', p.id, case when v.n = 1 then 'insert' else 'update' end, s.state,
              encode(digest(s.state::text, 'sha256'), 'hex'), null, current_user,
              now() - interval '12 hours' - ($1::int - v.n) * $2::int * interval '1 day'
         from generate_series(1, $1::int) v (n)
        cross join plans p
        cross join lateral (
          select case when v.n = $1::int then to_jsonb(p)
                      else to_jsonb(p) || jsonb_build_object(
                             'title', 'plan ' || p.id || ' v' || v.n,
                             'updated_at', now() - interval '12 hours' - ($1::int - v.n) * $2::int * interval '1 day')
                 end as state) s
        order by v.n, p.id`,
      [versions, dayStep],
    );
    await c.query('commit');
  });
  await db.pool.query('vacuum analyze checkpoints');
}

/**
 * Ages every checkpoint: an entity's newest is `12 hours` old, each older
 * one `dayStep` days older than the next. Needs a superuser (it turns the
 * append-only guard off for its own session only).
 */
export async function ageHistory(db: TestDatabase, dayStep = 1): Promise<void> {
  await withSession(db.url, async (c) => {
    await c.query('set session_replication_role = replica');
    await c.query(
      `update checkpoints c
          set created_at = now() - interval '12 hours' - (r.rn - 1) * $1::int * interval '1 day'
         from (select id, row_number() over (partition by entity_type, entity_id order by seq desc) as rn
                 from checkpoints) r
        where c.id = r.id`,
      [dayStep],
    );
    await c.query('set session_replication_role = origin');
  });
  await db.pool.query('vacuum analyze checkpoints');
}

/**
 * Records in table `expected_kept` the ids the retention rule keeps for
 * `retention` and `keepLast` as of now, stated independently of the SQL:
 * newer than the horizon, or among the newest keepLast, or the newest at or
 * before the horizon. Returns how many it keeps and how many must go.
 */
export async function recordExpectedKept(
  db: TestDatabase,
  retention: string,
  keepLast: number,
): Promise<{ kept: number; removed: number }> {
  await db.pool.query('drop table if exists expected_kept');
  await db.pool.query(
    `create table expected_kept as
     with h as (select now() - $1::interval as horizon),
     r as (
       select c.id, c.seq, c.created_at,
              row_number() over w as rn,
              max(c.seq) filter (where c.created_at <= h.horizon) over w as newest_old_seq
         from checkpoints c, h
       window w as (partition by c.entity_type, c.entity_id order by c.seq desc
                    rows between unbounded preceding and unbounded following)
     )
     select r.id from r, h
      where r.created_at > h.horizon or r.rn <= $2::int or r.seq = r.newest_old_seq`,
    [retention, keepLast],
  );
  await db.pool.query('alter table expected_kept add primary key (id)');
  const { rows } = await db.pool.query<{ kept: number; total: number }>(
    `select (select count(*) from expected_kept)::int as kept, (select count(*) from checkpoints)::int as total`,
  );
  const kept = rows[0]?.kept ?? 0;
  return { kept, removed: (rows[0]?.total ?? 0) - kept };
}

/** Checkpoints that should have gone but are there (`extra`), and ones that should be there but are gone (`missing`). */
export async function compareWithExpected(db: TestDatabase): Promise<{ missing: number; extra: number }> {
  const { rows } = await db.pool.query<{ missing: number; extra: number }>(
    `select (select count(*) from expected_kept e where not exists (select 1 from checkpoints c where c.id = e.id))::int as missing,
            (select count(*) from checkpoints c where not exists (select 1 from expected_kept e where e.id = c.id))::int as extra`,
  );
  return { missing: rows[0]?.missing ?? -1, extra: rows[0]?.extra ?? -1 };
}

export async function checkpointCount(db: TestDatabase): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>('select count(*)::int as n from checkpoints');
  return rows[0]?.n ?? 0;
}

/** The states of some plans at `at` (a timestamptz expression evaluated now), to roll back to later. */
export async function statesAt(
  db: TestDatabase,
  at: string,
  plans: number,
): Promise<{ at: string; states: Map<string, unknown> }> {
  const { rows } = await db.pool.query<{ at: string; id: string; state: unknown }>(
    `with t as (select (${at})::text as at)
     select t.at, p.id, entity_state_at('plan', p.id, t.at::timestamptz) as state
       from (select id from plans order by id limit $1::int) p, t`,
    [plans],
  );
  return { at: rows[0]?.at ?? '', states: new Map(rows.map((r) => [r.id, r.state])) };
}

/** Rolls each plan back to `at`; returns the plans whose row then differs from the expected state. */
export async function rollbackMismatches(db: TestDatabase, at: string, states: Map<string, unknown>): Promise<string[]> {
  const bad: string[] = [];
  for (const [id, expected] of states) {
    await db.pool.query(`select * from rollback_entity('plan', $1::uuid, to_time => $2::timestamptz)`, [id, at]);
    const { rows } = await db.pool.query<{ row: unknown }>('select to_jsonb(p) as row from plans p where p.id = $1', [id]);
    if (JSON.stringify(rows[0]?.row ?? null) !== JSON.stringify(expected)) bad.push(id);
  }
  return bad;
}

/** Tampers with the saved state of one checkpoint (as superuser, guard off for this session), leaving its hash. */
export async function corruptCheckpoint(db: TestDatabase, id: string): Promise<void> {
  await withSession(db.url, async (c) => {
    await c.query('set session_replication_role = replica');
    await c.query(`update checkpoints set state_data = state_data || '{"title": "tampered"}' where id = $1`, [id]);
    await c.query('set session_replication_role = origin');
  });
}

/** The id of the newest checkpoint of each of `n` plans (kept by any prune). */
export async function newestCheckpoints(db: TestDatabase, n: number): Promise<string[]> {
  const { rows } = await db.pool.query<{ id: string }>(
    `select distinct on (entity_id) id from checkpoints where entity_type = 'plan'
      order by entity_id, seq desc limit $1::int`,
    [n],
  );
  return rows.map((r) => r.id);
}
