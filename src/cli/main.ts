/**
 * `pg-checkpoint`: the command line of pg-checkpoint.
 *
 *   pg-checkpoint history plan 5f0c…          every checkpoint of an entity
 *   pg-checkpoint rollback plan 5f0c… --dry-run
 *   pg-checkpoint --json verify               one JSON document on stdout
 *
 * Every command is one call of the service layer (src/lib/checkpoints.ts) or of
 * the SQL functions it wraps; nothing here decides what a checkpoint means.
 * The database: --database-url, else DATABASE_URL, else the embedded
 * PostgreSQL (src/cli/database.ts). Exit codes: src/cli/exit-codes.ts.
 *
 * Run it with `npx pg-checkpoint …` (bin/pg-checkpoint.js), `npm run cli -- …`
 * or `node --import tsx src/cli/main.ts …`.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type pg from 'pg';
import type { RollbackOptions } from './commands.ts';
import { ExitCode, exitCodeHelp } from './exit-codes.ts';
import type { CommandResult, GlobalOptions } from './result.ts';
import { isEntryPoint } from '../entry-point.js';
import { version } from '../version.ts';

// Command modules load on first use: `--help` and usage errors stay fast, and
// only `migrate` loads graphile-migrate.
const commands = () => import('./commands.ts');
const maintenance = () => import('./maintenance.ts');
const units = () => import('./units.ts');
const database = () => import('./database.ts');
const lists = () => import('./lists.ts');
const keys = () => import('./keys.ts');

/** Runs `fn` with a pool on the command's database (src/cli/database.ts). */
async function withPool<T>(url: string | undefined, fn: (pool: pg.Pool, url: string) => Promise<T>): Promise<T> {
  return (await database()).withPool(url, fn);
}

function integer(min: number) {
  return (value: string): number => {
    if (!/^[0-9]+$/.test(value.trim()) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
      throw new InvalidArgumentError(`expected an integer >= ${min}`);
    }
    return Number(value);
  };
}

function port(value: string): string {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < 1 || n > 65535) throw new InvalidArgumentError('expected a port, 1 to 65535');
  return value;
}

function globalsOf(command: Command): GlobalOptions {
  const o = command.optsWithGlobals<{ databaseUrl?: string; json?: boolean; actor?: string; reason?: string }>();
  return {
    ...(o.databaseUrl === undefined ? {} : { databaseUrl: o.databaseUrl }),
    json: o.json === true,
    ...(o.actor === undefined ? {} : { actor: o.actor }),
    ...(o.reason === undefined ? {} : { reason: o.reason }),
  };
}

/** What a command hands back to main(): its output, or that it keeps running (serve, worker). */
export type Outcome = { kind: 'result'; result: CommandResult } | { kind: 'running' };

/** Where the long-running commands (serve, worker) find their code. */
export interface Starters {
  serve(options: { json: boolean }): Promise<void>;
  worker(options: { json: boolean }): Promise<void>;
}

const defaultStarters: Starters = {
  async serve(options) {
    const { start } = await import('../main.ts');
    await start(options);
  },
  async worker(options) {
    const { start } = await import('../worker/main.ts');
    await start(options);
  },
};

function buildProgram(
  onOutcome: (outcome: Outcome) => void,
  starters: Starters = defaultStarters,
  json = false,
): Command {
  const program = new Command('pg-checkpoint')
    .description('Checkpoints and rollback of plans, tasks, artifacts and prompts, in PostgreSQL.')
    .version(version, '-V, --version', 'print the version (with --json: {"version": "…"})')
    .option('--database-url <url>', 'PostgreSQL to use (default: $DATABASE_URL, else the embedded PostgreSQL)')
    .option('--json', 'print one JSON document on stdout (errors too: {"error": {...}})')
    .option('--actor <name>', 'who makes the change (recorded as created_by on the checkpoints a write makes)')
    .option('--reason <text>', 'why (recorded on the checkpoints a write makes)')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      outputError: () => {},
      // With --json the version is printed as a document by main(), not as text.
      writeOut: (text) => {
        if (!(json && text === `${version}\n`)) process.stdout.write(text);
      },
    })
    .addHelpText(
      'after',
      `
${exitCodeHelp}

Examples:
  pg-checkpoint install --database-url postgres://…/app
  pg-checkpoint migrate
  pg-checkpoint plans
  pg-checkpoint tasks 5f0c2d1e-…
  pg-checkpoint --reason "before the agent runs" checkpoint plan 5f0c2d1e-…
  pg-checkpoint checkpoints --type plan --limit 5
  pg-checkpoint state task 77c2aa10-… --at 2026-11-25T09:00:00Z
  pg-checkpoint history plan 5f0c2d1e-…
  pg-checkpoint show 6b0e4c3a-…
  pg-checkpoint rollback plan 5f0c2d1e-… --dry-run
  pg-checkpoint changes --request 8d1c…
  pg-checkpoint revert --request 8d1c… --dry-run && pg-checkpoint revert --request 8d1c…
  pg-checkpoint --actor alice --reason "bad plan" rollback plan 5f0c2d1e-… --to-time 2026-11-25T09:00:00Z
  pg-checkpoint --json verify
  pg-checkpoint prune --older-than "30 days" --keep-last 5`,
    );

  const run =
    <A extends unknown[]>(fn: (globals: GlobalOptions, ...args: A) => Promise<CommandResult>) =>
    async (...args: unknown[]): Promise<void> => {
      const command = args[args.length - 1] as Command;
      onOutcome({ kind: 'result', result: await fn(globalsOf(command), ...(args.slice(0, -1) as A)) });
    };

  program
    .command('history')
    .description("list an entity's checkpoints, newest first")
    .argument('<type>', 'entity type: plan, task, artifact, prompt, …')
    .argument('<id>', 'entity id (uuid)')
    .action(
      run((g, type: string, id: string) =>
        withPool(g.databaseUrl, async (pool) => (await commands()).historyCommand(pool, type, id)),
      ),
    );

  program
    .command('show')
    .description('one checkpoint with its saved state')
    .argument('<checkpoint-id>', 'checkpoint id (uuid)')
    .action(
      run((g, id: string) => withPool(g.databaseUrl, async (pool) => (await commands()).showCommand(pool, id))),
    );

  program
    .command('diff')
    .description('the columns that differ between two checkpoints')
    .argument('<from>', 'checkpoint id (uuid)')
    .argument('<to>', 'checkpoint id (uuid)')
    .action(
      run((g, from: string, to: string) =>
        withPool(g.databaseUrl, async (pool) => (await commands()).diffCommand(pool, from, to)),
      ),
    );

  program
    .command('checkpoint')
    .description("save an entity's current state as a manual checkpoint (--reason is its reason)")
    .argument('<type>', 'entity type: plan, task, artifact, prompt, …')
    .argument('<id>', 'entity id (uuid)')
    .action(
      run((g, type: string, id: string) =>
        withPool(g.databaseUrl, async (pool) => (await import('./checkpoint.ts')).checkpointCommand(pool, type, id, g)),
      ),
    );

  program
    .command('plans')
    .description('list the plans')
    .action(run((g) => withPool(g.databaseUrl, async (pool) => (await lists()).plansCommand(pool))));

  program
    .command('tasks')
    .description("list a plan's tasks in execution order")
    .argument('<plan-id>', 'plan id (uuid)')
    .action(
      run((g, planId: string) => withPool(g.databaseUrl, async (pool) => (await lists()).tasksCommand(pool, planId))),
    );

  program
    .command('checkpoints')
    .description('list the newest checkpoints of all entities (history <type> <id>: of one)')
    .option('--type <type>', 'only this entity type')
    .addOption(new Option('--limit <n>', 'how many').default(20).argParser(integer(1)))
    .action(
      run((g, o: { type?: string; limit: number }) =>
        withPool(g.databaseUrl, async (pool) =>
          (await lists()).checkpointsCommand(pool, { ...(o.type === undefined ? {} : { type: o.type }), limit: o.limit }),
        ),
      ),
    );

  program
    .command('state')
    .description('an entity as it was at a time (default: now), or that it did not exist then')
    .argument('<type>', 'entity type')
    .argument('<id>', 'entity id (uuid)')
    .option('--at <iso>', 'a time, ISO 8601 with offset, e.g. 2026-11-25T09:00:00Z or a created_at copied from history')
    .action(
      run((g, type: string, id: string, o: { at?: string }) =>
        withPool(g.databaseUrl, async (pool) => (await import('./state.ts')).stateCommand(pool, type, id, o.at)),
      ),
    );

  program
    .command('restore')
    .description("make one entity's row equal to a checkpoint's state (children untouched)")
    .argument('<checkpoint-id>', 'checkpoint id (uuid)')
    .action(
      run((g, id: string) =>
        withPool(g.databaseUrl, async (pool) => (await commands()).restoreCommand(pool, id, g)),
      ),
    );

  interface RollbackFlags {
    toCheckpoint?: string;
    toTime?: string;
    cascade: boolean;
    dryRun?: boolean;
  }
  program
    .command('rollback')
    .description('return an entity, and with cascade its children, to a point in its history')
    .argument('<type>', 'entity type')
    .argument('<id>', 'entity id (uuid)')
    .option('--to-checkpoint <id>', 'a checkpoint of this entity (default: its latest manual checkpoint)')
    .option('--to-time <iso>', 'a time, ISO 8601 with offset, e.g. 2026-11-25T09:00:00Z or a created_at copied from history')
    .option('--no-cascade', 'restore the entity only, not the entities below it')
    .option('--dry-run', 'show what would change, change nothing')
    .action(
      run((g, type: string, id: string, o: RollbackFlags) => {
        const options: RollbackOptions = {
          ...(o.toCheckpoint === undefined ? {} : { toCheckpoint: o.toCheckpoint }),
          ...(o.toTime === undefined ? {} : { toTime: o.toTime }),
          cascade: o.cascade,
          dryRun: o.dryRun === true,
        };
        return withPool(g.databaseUrl, async (pool) =>
          (await commands()).rollbackCommand(pool, type, id, options, g),
        );
      }),
    );

  interface UnitFlags {
    request?: string;
    trace?: string;
    transaction?: string;
  }
  const unitOptions = (command: Command): Command =>
    command
      .option('--request <id>', 'the unit (exactly one of these three): changes captured under this request id')
      .option('--trace <id>', 'the unit: changes captured under this trace id')
      .option('--transaction <xid>', 'the unit: changes written by this transaction (xid8, e.g. 7890)');

  unitOptions(
    program
      .command('revert')
      .description('undo what one request, trace or transaction changed, keeping later changes of others'),
  )
    .addOption(
      new Option('--on-conflict <policy>', 'an entity changed since by someone else: abort (exit 7, nothing changes), skip it, or overwrite it')
        .choices(['abort', 'skip', 'overwrite'])
        .default('abort'),
    )
    .option('--dry-run', 'show what would happen (conflicts included), change nothing')
    .action(
      run((g, o: UnitFlags & { onConflict: 'abort' | 'skip' | 'overwrite'; dryRun?: boolean }) =>
        withPool(g.databaseUrl, async (pool) =>
          (await units()).revertCommand(pool, { ...o, dryRun: o.dryRun === true }, g),
        ),
      ),
    );

  unitOptions(
    program
      .command('changes')
      .description('the changes one request, trace or transaction made, in capture order'),
  ).action(
    run((g, o: UnitFlags) => withPool(g.databaseUrl, async (pool) => (await units()).changesCommand(pool, o))),
  );

  program
    .command('verify')
    .description('check that saved states still match their hashes (exit 6 if any does not)')
    .option('--type <type>', 'only this entity type')
    .option('--id <id>', 'only this entity id (under every type, unless --type)')
    .addOption(
      new Option('--batch-size <n>', 'checkpoints per slice when scanning all of history')
        .default(10_000)
        .argParser(integer(1)),
    )
    .action(
      run((g, o: { type?: string; id?: string; batchSize: number }) =>
        withPool(g.databaseUrl, async (pool) =>
          (await maintenance()).verifyCommand(pool, {
            ...(o.type === undefined ? {} : { type: o.type }),
            ...(o.id === undefined ? {} : { id: o.id }),
            batchSize: o.batchSize,
            json: g.json,
          }),
        ),
      ),
    );

  program
    .command('prune')
    .description('remove old checkpoints, keeping every point newer than the horizon restorable (owner only)')
    .requiredOption(
      '--older-than <interval>',
      'PostgreSQL interval: checkpoints at or before now() - this may go, e.g. "30 days"',
    )
    .addOption(
      new Option('--keep-last <n>', 'every entity keeps at least its newest n checkpoints')
        .default(1)
        .argParser(integer(0)),
    )
    .addOption(
      new Option('--batch-size <n>', 'entities per batch (one short transaction each)')
        .default(1_000)
        .argParser(integer(1)),
    )
    .action(
      run((g, o: { olderThan: string; keepLast: number; batchSize: number }) =>
        withPool(g.databaseUrl, async (pool) =>
          (await maintenance()).pruneCommand(pool, { ...o, json: g.json }),
        ),
      ),
    );

  const keysCommand = program.command('keys').description('API keys of the HTTP API (bearer tokens; stored hashed)');
  keysCommand
    .command('create')
    .description('create a key for --actor <name> (who it acts as: the created_by of its writes) and print it, this once')
    .addOption(
      new Option('--role <role>', 'reader: GETs; writer: also writes; admin: also prune and key management')
        .choices(['reader', 'writer', 'admin'])
        .makeOptionMandatory(),
    )
    .action(
      // --actor is the global option (the actor of other commands' writes): here, the key's.
      run((g, o: { role: 'reader' | 'writer' | 'admin' }) =>
        withPool(g.databaseUrl, async (pool) => (await keys()).keysCreateCommand(pool, g.actor, o.role)),
      ),
    );
  keysCommand
    .command('list')
    .description('every key (prefix, actor, role, revoked), never the keys themselves')
    .action(run((g) => withPool(g.databaseUrl, async (pool) => (await keys()).keysListCommand(pool))));
  keysCommand
    .command('revoke')
    .description('revoke a key: its requests get 401 from then on')
    .argument('<id>', 'key id (uuid, from keys list)')
    .action(
      run((g, id: string) => withPool(g.databaseUrl, async (pool) => (await keys()).keysRevokeCommand(pool, id))),
    );

  program
    .command('migrate')
    .description('apply the committed migrations (creates the schema on an empty database)')
    .action(
      run(async (g) =>
        (await database()).withDatabase(g.databaseUrl, async (url) =>
          (await import('./migrate.ts')).migrateCommand(url, g.json),
        ),
      ),
    );

  program
    .command('install')
    .description("install pg-checkpoint's SQL core into an existing database (no demo tables); again: harmless, or an upgrade")
    .action(
      run((g) =>
        withPool(g.databaseUrl, async (pool, url) => (await import('./install.ts')).installCommand(pool, url)),
      ),
    );

  program
    .command('serve')
    .description('start the HTTP API (what `npm start` starts): migrations, then listen')
    .addOption(new Option('--port <port>', 'port to listen on').env('PORT').argParser(port))
    .addOption(new Option('--host <host>', 'address to listen on').env('HOST'))
    .action(async (o: { port?: string; host?: string }, command: Command) => {
      const url = (await database()).explicitUrl(globalsOf(command).databaseUrl);
      if (url !== undefined) process.env.DATABASE_URL = url;
      if (o.port !== undefined) process.env.PORT = o.port;
      if (o.host !== undefined) process.env.HOST = o.host;
      await starters.serve({ json: globalsOf(command).json });
      onOutcome({ kind: 'running' });
    });

  program
    .command('worker')
    .description('start the background worker (prune and verify jobs on their schedules)')
    .action(async (_o: unknown, command: Command) => {
      const url = (await database()).explicitUrl(globalsOf(command).databaseUrl);
      if (url !== undefined) process.env.DATABASE_URL = url;
      await starters.worker({ json: globalsOf(command).json });
      onOutcome({ kind: 'running' });
    });

  return program;
}

/** --json among the arguments (before the parser has read them). */
function jsonArgument(argv: readonly string[]): boolean {
  return argv.slice(2).includes('--json');
}

function print(result: CommandResult, json: boolean): void {
  process.stdout.write(json ? `${JSON.stringify(result.json, null, 2)}\n` : `${result.human}\n`);
  if (result.stderr !== undefined) process.stderr.write(`${result.stderr}\n`);
}

/**
 * Runs the CLI on `argv` (node's: [node, script, ...args]): prints the
 * output and resolves to the exit code, or to `running` when the command
 * started a server or worker that goes on (serve, worker).
 */
export async function main(argv: readonly string[] = process.argv, starters?: Starters): Promise<number | 'running'> {
  let outcome: Outcome | undefined;
  const program = buildProgram(
    (o) => {
      outcome = o;
    },
    starters,
    jsonArgument(argv),
  );
  // Known before parsing ends, for errors the parser itself raises.
  const jsonRequested = (): boolean => program.opts<{ json?: boolean }>().json === true || jsonArgument(argv);
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError && err.code === 'commander.version' && jsonArgument(argv)) {
      print({ json: { version }, human: version }, true);
      return ExitCode.ok;
    }
    const helpCodes = ['commander.helpDisplayed', 'commander.help', 'commander.version'];
    if (err instanceof CommanderError && helpCodes.includes(err.code)) {
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    const { describeError, errorDocument, errorLines } = await import('./errors.ts');
    const report = describeError(err);
    if (jsonRequested()) process.stdout.write(`${JSON.stringify(errorDocument(report), null, 2)}\n`);
    process.stderr.write(errorLines(report));
    if (report.exitCode === ExitCode.unexpected && process.env.PGCHECKPOINT_DEBUG && err instanceof Error) {
      process.stderr.write(`${err.stack ?? ''}\n`);
    }
    return report.exitCode;
  }
  if (outcome?.kind === 'running') return 'running';
  if (outcome?.kind === 'result') {
    print(outcome.result, jsonRequested());
    return outcome.result.exitCode ?? ExitCode.ok;
  }
  return ExitCode.ok;
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0) resolve();
    else stream.write('', () => resolve());
  });
}

/**
 * The process entry (bin/pg-checkpoint.js, `node --import tsx src/cli/main.ts`):
 * main(), then exit with its code once the output is written, so nothing
 * left behind (an embedded server's exit hooks, an idle socket) keeps the
 * process alive or changes the code. serve and worker keep running.
 */
export async function run(argv: readonly string[] = process.argv): Promise<void> {
  // `pg-checkpoint history … | head`: a reader that goes away is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      process.exitCode = ExitCode.unexpected;
    });
  }
  const code = await main(argv);
  if (code === 'running') return;
  process.exitCode = code;
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}


if (isEntryPoint(import.meta.url)) await run(process.argv);
