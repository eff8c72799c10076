/**
 * Model-based property test of rollback (CONTRACT.md §3: Rollback, Atomic
 * and undoable, Exactly): random programs of inserts, updates, deletes,
 * re-parenting moves, manual checkpoints and rollbacks (to a checkpoint, to a
 * time, to the latest manual checkpoint; cascade or not; dry runs; rollbacks
 * of rollbacks) over plans → tasks → artifacts, run against Postgres and
 * against the in-memory model of test/model/. After every command the
 * database equals the model and every checkpoint of the program verifies.
 * The schema has what applications add: a unique key on tasks (plan_id,
 * position) and a trigger on artifacts that writes their tasks.
 *
 * One database serves every program; each program uses fresh ids.
 * Replay a failure with FC_SEED=<seed> FC_PATH=<path> (printed by fast-check);
 * FC_NUM_RUNS changes the number of programs (default 1000), FC_SHRINK_SECONDS
 * the time spent shrinking a failure (default 120).
 */
import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { count, coverage, formatCoverage } from './model/commands.ts';
import { maxSeq, newReal, prepareSchema, type Real } from './model/db.ts';
import { newModel, type Model } from './model/model.ts';
import { programs as programArb } from './model/program.ts';
import { path, seed, withShrinkBudget } from './model/replay.ts';

const numRuns = Number(process.env.FC_NUM_RUNS ?? 1000);

let db: TestDatabase | undefined;
let client: pg.PoolClient | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  client = await db.pool.connect();
  // The unique key on tasks (plan_id, position) and the roll-up trigger on
  // artifacts of the model (test/model/model.ts).
  await prepareSchema(client);
  // Commits need not wait for the WAL flush: durability is not under test.
  await client.query(`set synchronous_commit = off`);
});

afterAll(async () => {
  client?.release();
  await db?.drop();
});

describe('rollback_entity against the model', () => {
  it(`after every command of ${numRuns} random programs, the database equals the model`, async () => {
    const c = client;
    if (c === undefined) throw new Error('no database');
    const setup = async (): Promise<{ model: Model; real: Real }> => {
      count('programs');
      // Each step checks the hashes of the rows it wrote; now and then the
      // whole history goes through verify_checkpoints() itself.
      if ((coverage.get('programs') ?? 0) % 100 === 0) {
        const v = await c.query<{ n: string }>(`select count(*)::text as n from verify_checkpoints()`);
        if (v.rows[0]?.n !== '0') throw new Error(`verify_checkpoints() reports ${v.rows[0]?.n} bad checkpoints`);
      }
      return { model: newModel(await maxSeq(c)), real: newReal(c) };
    };
    const started = Date.now();
    const report = (): void => {
      const programs = coverage.get('programs') ?? 0;
      const commands = coverage.get('commands') ?? 0;
      console.log(
        `rollback model: ${programs} programs, ${commands} commands (${(commands / Math.max(programs, 1)).toFixed(1)} per program) ` +
          `in ${((Date.now() - started) / 1000).toFixed(1)} s\n${formatCoverage()}`,
      );
    };
    const property = fc.asyncProperty(
      programArb(20),
      withShrinkBudget(async (cmds, shrinking) => {
        if (!shrinking) {
          const lo = Math.floor(cmds.length / 5) * 5;
          count(`programs of ${String(lo).padStart(2)}-${lo + 4} commands`);
        }
        await fc.asyncModelRun(setup, cmds);
      }),
    );
    // The coverage is printed on a failure too (shrinking runs included).
    try {
      await fc.assert(property, { numRuns, seed, path, endOnFailure: false });
    } finally {
      report();
    }
  }, 900_000);

  it('every checkpoint in the history verifies (verify_checkpoints() is empty)', async () => {
    const c = client;
    if (c === undefined) throw new Error('no database');
    const r = await c.query<{ n: string; total: string }>(
      `select (select count(*) from verify_checkpoints())::text as n, (select count(*) from checkpoints)::text as total`,
    );
    console.log(`verify_checkpoints(): ${r.rows[0]?.n} bad of ${r.rows[0]?.total} checkpoints`);
    expect(r.rows[0]?.n).toBe('0');
  });
});
