/**
 * Typed CRUD for the host application's tracked tables: plans, tasks,
 * artifacts, prompts. Every write goes through the current transaction
 * (withContext) or a new one, so its capture records the context; reads use
 * the current transaction when there is one. Column names come from the
 * fixed maps below, values are always parameters.
 *
 * get / update / delete of a missing row: NotFound. Bad input:
 * InvalidArgument before any SQL.
 */
import type pg from 'pg';
import type { z } from 'zod';
import { inContext, inTransaction } from '../lib/context.js';
import { NotFound, validate } from '../lib/errors.js';
import { Uuid } from '../lib/interfaces.js';
import { isoTime } from '../lib/iso-time.js';
import { afterCursor, cursorColumn, type Keyset, orderBy, type Page, PageInput, pageOf } from '../lib/keyset.js';
import { type Artifact, ArtifactCreate, ArtifactUpdate, type Plan, PlanCreate, PlanUpdate, type Prompt, PromptCreate, PromptUpdate, type Task, TaskCreate, TaskUpdate } from './interfaces.js';

interface TableSpec<Row> {
  /** The table (a fixed name, never input). */
  table: string;
  /** The entity type, for messages. */
  type: string;
  /** Each field of Row and its column. */
  columns: { readonly [K in keyof Row]: string };
  /** The order of lists (unique: pages of them are read by cursor). */
  keyset: Keyset;
}

type Values = Record<string, unknown>;

export interface ReadOptions {
  /** SELECT ... FOR UPDATE: the row stays as read until the current transaction ends. */
  lock?: boolean;
}

const timestamps = { createdAt: 'created_at', updatedAt: 'updated_at' } as const;
/** Oldest first; the id breaks ties (rows of one transaction share created_at). */
const byCreation: Keyset = {
  keys: [
    { expr: 'created_at', type: 'timestamptz' },
    { expr: 'id', type: 'uuid' },
  ],
};
/** Read as ISO text with microseconds (isoTime), never as a Date. */
const timeColumns: ReadonlySet<string> = new Set(Object.values(timestamps));

/** create / get / update / delete of one table; the subclasses add their lists. */
export abstract class EntityTable<Row extends pg.QueryResultRow, Create extends z.ZodType<Values>, Update extends z.ZodType<Values>> {
  protected readonly selectList: string;

  constructor(
    protected readonly pool: pg.Pool,
    protected readonly spec: TableSpec<Row>,
    private readonly createSchema: Create,
    private readonly updateSchema: Update,
  ) {
    this.selectList = Object.entries<string>(spec.columns)
      .map(([field, column]) => {
        if (timeColumns.has(column)) return `${isoTime(column)} as "${field}"`;
        return field === column ? column : `${column} as "${field}"`;
      })
      .join(', ');
  }

  async create(input: z.input<Create>): Promise<Row> {
    const [columns, values] = this.assignments(validate(this.createSchema, input));
    const params = values.map((_, i) => `$${i + 1}`);
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<Row>(
        columns.length === 0
          ? `insert into ${this.spec.table} default values returning ${this.selectList}`
          : `insert into ${this.spec.table} (${columns.join(', ')}) values (${params.join(', ')}) returning ${this.selectList}`,
        values,
      );
      const row = rows[0];
      if (row === undefined) throw new Error(`insert into ${this.spec.table} returned no row`);
      return row;
    });
  }

  /** Every row, in the table's order. */
  async list(): Promise<Row[]> {
    return this.select('true', []);
  }

  /** A page of the rows, in the table's order. */
  async page(page: PageInput = {}): Promise<Page<Row>> {
    return this.selectPage('true', [], page);
  }

  /**
   * The row; with `lock`, locked FOR UPDATE until the current transaction
   * ends (to check it before a write: an If-Match).
   */
  async get(id: string, { lock = false }: ReadOptions = {}): Promise<Row> {
    const key = validate(Uuid, id);
    const rows = await this.select(`id = $1`, [key], lock);
    return this.found(rows[0], key);
  }

  /** Changes the given fields; an empty patch changes nothing and returns the row. */
  async update(id: string, patch: z.input<Update>): Promise<Row> {
    const key = validate(Uuid, id);
    const [columns, values] = this.assignments(validate(this.updateSchema, patch));
    if (columns.length === 0) return this.get(key);
    const sets = columns.map((column, i) => `${column} = $${i + 2}`);
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<Row>(
        `update ${this.spec.table} set ${sets.join(', ')} where id = $1 returning ${this.selectList}`,
        [key, ...values],
      );
      return this.found(rows[0], key);
    });
  }

  async delete(id: string): Promise<void> {
    const key = validate(Uuid, id);
    await inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query(`delete from ${this.spec.table} where id = $1`, [key]);
      if (!rowCount) throw this.notFound(key);
    });
  }

  protected async select(where: string, values: unknown[], lock = false): Promise<Row[]> {
    return inContext(this.pool, async (db) => {
      const { rows } = await db.query<Row>(
        `select ${this.selectList} from ${this.spec.table} where ${where} order by ${orderBy(this.spec.keyset)}${lock ? ' for update' : ''}`,
        values,
      );
      return rows;
    });
  }

  /** The page of the rows matching `where` (its parameters: values) that `page` asks for. */
  protected async selectPage(where: string, values: unknown[], page: PageInput): Promise<Page<Row>> {
    const { limit, cursor } = validate(PageInput, page);
    const { keyset } = this.spec;
    const after = afterCursor(keyset, cursor, values.length + 2);
    return inContext(this.pool, async (db) => {
      const { rows } = await db.query<Row & { __cursor: string[] }>(
        `select ${this.selectList}, ${cursorColumn(keyset)} from ${this.spec.table}
          where ${where} and ${after.sql} order by ${orderBy(keyset)} limit $${values.length + 1}`,
        [...values, limit + 1, ...after.values],
      );
      return pageOf(rows, limit);
    });
  }

  protected found(row: Row | undefined, key: string): Row {
    if (row === undefined) throw this.notFound(key);
    return row;
  }

  private notFound(key: string): NotFound {
    return new NotFound(`${this.spec.type} ${key} not found`);
  }

  /** The columns and values of the fields given (undefined: not given). */
  private assignments(fields: Values): [string[], unknown[]] {
    const columns: string[] = [];
    const values: unknown[] = [];
    const map: Readonly<Record<string, string>> = this.spec.columns;
    for (const [field, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      const column = map[field];
      if (column === undefined) throw new Error(`${this.spec.table}: no column for field ${field}`);
      columns.push(column);
      values.push(value);
    }
    return [columns, values];
  }
}


export class Plans extends EntityTable<Plan, typeof PlanCreate, typeof PlanUpdate> {
  constructor(pool: pg.Pool) {
    super(
      pool,
      { table: 'plans', type: 'plan', columns: { id: 'id', title: 'title', status: 'status', ...timestamps }, keyset: byCreation },
      PlanCreate,
      PlanUpdate,
    );
  }
}

export class Tasks extends EntityTable<Task, typeof TaskCreate, typeof TaskUpdate> {
  constructor(pool: pg.Pool) {
    super(
      pool,
      {
        table: 'tasks',
        type: 'task',
        columns: {
          id: 'id',
          planId: 'plan_id',
          title: 'title',
          position: 'position',
          status: 'status',
          error: 'error',
          timeoutMs: 'timeout_ms',
          ...timestamps,
        },
        // position nulls last, then creation
        keyset: {
          keys: [
            { expr: 'position is null', type: 'boolean' },
            { expr: 'coalesce(position, 0)', type: 'integer' },
            ...byCreation.keys,
          ],
        },
      },
      TaskCreate,
      TaskUpdate,
    );
  }

  /** The plan's tasks in execution order: by position (unpositioned last), then creation. */
  async listByPlan(planId: string): Promise<Task[]> {
    return this.select('plan_id = $1', [validate(Uuid, planId)]);
  }

  async pageByPlan(planId: string, page: PageInput = {}): Promise<Page<Task>> {
    return this.selectPage('plan_id = $1', [validate(Uuid, planId)], page);
  }
}

export class Artifacts extends EntityTable<Artifact, typeof ArtifactCreate, typeof ArtifactUpdate> {
  constructor(pool: pg.Pool) {
    super(
      pool,
      {
        table: 'artifacts',
        type: 'artifact',
        columns: { id: 'id', taskId: 'task_id', name: 'name', content: 'content', ...timestamps },
        keyset: byCreation,
      },
      ArtifactCreate,
      ArtifactUpdate,
    );
  }

  async listByTask(taskId: string): Promise<Artifact[]> {
    return this.select('task_id = $1', [validate(Uuid, taskId)]);
  }

  async pageByTask(taskId: string, page: PageInput = {}): Promise<Page<Artifact>> {
    return this.selectPage('task_id = $1', [validate(Uuid, taskId)], page);
  }
}

export class Prompts extends EntityTable<Prompt, typeof PromptCreate, typeof PromptUpdate> {
  constructor(pool: pg.Pool) {
    super(
      pool,
      { table: 'prompts', type: 'prompt', columns: { id: 'id', name: 'name', template: 'template', ...timestamps }, keyset: { keys: [{ expr: 'name', type: 'text' }] } },
      PromptCreate,
      PromptUpdate,
    );
  }

  async getByName(name: string, { lock = false }: ReadOptions = {}): Promise<Prompt> {
    const rows = await this.select('name = $1', [validate(PromptCreate.shape.name, name)], lock);
    return this.found(rows[0], name);
  }
}

/** The four tables over one pool. */
export interface Entities {
  plans: Plans;
  tasks: Tasks;
  artifacts: Artifacts;
  prompts: Prompts;
}

export function entities(pool: pg.Pool): Entities {
  return { plans: new Plans(pool), tasks: new Tasks(pool), artifacts: new Artifacts(pool), prompts: new Prompts(pool) };
}
