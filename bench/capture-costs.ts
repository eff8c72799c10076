/**
 * What costs what in a capture: backend CPU per single-row UPDATE
 * transaction, with pg-checkpoint's parts taken away one at a time.
 *
 *   npm run bench:capture-costs
 *
 * In a fresh database (bench/lib.ts) with the four tables of bench:capture
 * (bare, floor, contract floor, pg-checkpoint; bench/capture-variants.ts),
 * a server-side procedure updates one row and commits, BENCH_TXS times per
 * measurement, so the figure is the backend's own CPU per transaction
 * without the client round trip (synchronous_commit off: the CPU of the
 * commit, not the wait for the disk). Every round measures bare, floor,
 * contract floor and pg-checkpoint as it is at that step, in rotated order;
 * the steps strip pg-checkpoint cumulatively:
 *
 *   1. pg-checkpoint as installed
 *   2. without the BEFORE STATEMENT trigger (what keeps the statements of
 *      one query string apart as points)
 *   3. without the time and transaction indexes (rollback to a time, the
 *      end of a point, revert by transaction)
 *   4. without the partial indexes (manual checkpoints, parent links,
 *      request and trace ids)
 *   5. without the request_id foreign key (a contract column)
 *   6. without SECURITY DEFINER and its SET clauses (the capture then runs
 *      as the writer, which the security model forbids)
 *
 * The difference between two consecutive steps is what the part taken away
 * cost, in this context. Steps 2 to 6 break guarantees: they exist only in
 * this throw-away database.
 *
 * Environment: DATABASE_URL (admin; default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_TXS (2000 transactions per measurement), BENCH_ROUNDS (5).
 */
import type pg from 'pg';
import { createVariants, ENTITY_TYPE, insertSql, TABLE, VARIANTS, type Variant } from './capture-variants.ts';
import {
  applySchema,
  backendCpuReader,
  connect,
  envInt,
  fmt,
  formatMachine,
  formatTable,
  machineInfo,
  median,
  rotated,
  withBenchDatabase,
} from './lib.ts';

const TXS = envInt('BENCH_TXS', 2000);
const ROUNDS = envInt('BENCH_ROUNDS', 5);
const ROWS = 10_000;

interface Step {
  name: string;
  /** SQL that takes the part away (run with event triggers off: it is DDL on a tracked table). */
  strip: string;
}

const capture = `pgcheckpoint.capture__${ENTITY_TYPE}()`;

const STEPS: Step[] = [
  { name: 'pg-checkpoint as installed', strip: '' },
  { name: 'without the BEFORE STATEMENT trigger', strip: `drop trigger checkpoint_statement on ${TABLE['pg-checkpoint']}` },
  {
    name: 'without the time and transaction indexes',
    strip: 'drop index checkpoints_created_at_idx; drop index checkpoints_transaction_idx',
  },
  {
    name: 'without the partial indexes',
    strip: `drop index checkpoints_manual_idx, checkpoints_parent_seq_idx, checkpoints_prev_parent_seq_idx,
                       checkpoints_request_id_idx, checkpoints_trace_id_idx`,
  },
  { name: 'without the request_id foreign key', strip: 'alter table checkpoints drop constraint checkpoints_request_id_fkey' },
  {
    name: 'without SECURITY DEFINER and its SET clauses',
    strip: `alter function ${capture} security invoker reset all;
            grant insert, select on checkpoints to public;
            grant usage on sequence checkpoints_seq_seq to public`,
  },
];

async function strip(c: pg.Client, sql: string): Promise<void> {
  if (!sql) return;
  // The DDL guard refuses DDL that would leave a hole in the history; the
  // point here is to measure that hole's price, so event triggers are off.
  await c.query('set session_replication_role = replica');
  try {
    await c.query(sql);
  } finally {
    await c.query('set session_replication_role = origin');
  }
}

async function setup(c: pg.Client): Promise<void> {
  await createVariants(c);
  for (const v of VARIANTS) await c.query(insertSql(TABLE[v], ROWS));
  await c.query('vacuum analyze');
  await c.query(`
    create procedure pg_temp.single_row_updates(t regclass, n int) language plpgsql as $$
    declare
      ids uuid[];
    begin
      execute format('select array_agg(id) from (select id from %s limit 1000) s', t) into ids;
      for i in 1..n loop
        execute format('update %s set counter = counter + 1, updated_at = now() where id = $1', t)
          using ids[1 + i % 1000];
        commit;
      end loop;
    end;
    $$`);
  await c.query('set synchronous_commit = off');
}

async function main(): Promise<void> {
  await withBenchDatabase(async (db) => {
    await applySchema(db.url);
    const c = await connect(db.url, 'pgcp-bench-capture-costs');
    try {
      const cpu = await backendCpuReader(c);
      if (!cpu) throw new Error('bench:capture-costs needs the server on this machine (it reads /proc/<pid>/schedstat)');
      await setup(c);
      console.log(
        `bench:capture-costs: ${TXS} single-row UPDATE transactions per measurement, ${ROUNDS} rounds, ` +
          `${ROWS} rows per table; backend CPU per transaction (µs), median of the rounds`,
      );
      const rows: string[][] = [];
      let previous: number | undefined;
      for (const step of STEPS) {
        await strip(c, step.strip);
        const samples = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
        for (let r = 0; r < ROUNDS; r++) {
          for (const v of rotated(VARIANTS, r)) {
            const before = cpu();
            await c.query('call pg_temp.single_row_updates($1, $2)', [TABLE[v], TXS]);
            samples.get(v)!.push(((cpu() - before) * 1000) / TXS);
          }
        }
        const m = (v: Variant): number => median(samples.get(v)!);
        const tracked = m('pg-checkpoint');
        rows.push([
          step.name,
          fmt(m('bare')),
          fmt(m('floor')),
          fmt(m('contract floor')),
          fmt(tracked),
          previous === undefined ? '' : fmt(previous - tracked),
          `${(tracked / m('floor')).toFixed(2)}×`,
          `${(tracked / m('contract floor')).toFixed(2)}×`,
        ]);
        previous = tracked;
        console.log(`  ${step.name}: ${fmt(tracked)} µs`);
      }
      console.log();
      console.log(
        formatTable(
          ['pg-checkpoint', 'bare', 'floor', 'contract floor', 'pg-checkpoint', 'saved', '× floor', '× contract floor'],
          rows,
          ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
        ),
      );
      console.log();
      console.log(formatMachine(await machineInfo(c)));
    } finally {
      await c.end();
    }
  }, 'pgcp_bench_costs');
}

await main();
