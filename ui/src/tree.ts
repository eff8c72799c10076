/**
 * A plan's tree (plan → tasks → artifacts) as the API gives it now, and as
 * it was at a time.
 *
 * The tree at a time is put together from public calls only: the entities
 * there now, plus those a dry-run rollback to that time would bring back
 * (rows deleted since: the API has no other way to name them), each read
 * with GET /entities/{type}/{id}/state?at=. Entities without a state then
 * did not exist yet.
 */
import { all, api, ApiError, pageOf, unwrap } from './api.ts';

export interface TreeNode {
  type: string;
  id: string;
  /** The row: the API's camelCase body now, the stored snake_case state at a time. */
  row: Record<string, unknown>;
  children: TreeNode[];
}

/** The types with a tree, and how each is read, with its children, as it is now. */
const readers: Readonly<Record<string, (id: string) => Promise<TreeNode>>> = {
  plan: async (id) => {
    const row = unwrap(await api.GET('/plans/{id}', { params: { path: { id } } }));
    const tasks = await all((cursor) =>
      api.GET('/plans/{planId}/tasks', { params: { path: { planId: id }, query: { limit: 1000, cursor } } }).then(pageOf),
    );
    return { type: 'plan', id, row, children: await Promise.all(tasks.map((t) => taskNode(t.id, t))) };
  },
  task: async (id) => taskNode(id, unwrap(await api.GET('/tasks/{id}', { params: { path: { id } } }))),
  artifact: async (id) => ({
    type: 'artifact',
    id,
    row: unwrap(await api.GET('/artifacts/{id}', { params: { path: { id } } })),
    children: [],
  }),
};

async function taskNode(id: string, row: Record<string, unknown>): Promise<TreeNode> {
  const artifacts = await all((cursor) =>
    api.GET('/tasks/{taskId}/artifacts', { params: { path: { taskId: id }, query: { limit: 1000, cursor } } }).then(pageOf),
  );
  return { type: 'task', id, row, children: artifacts.map((a) => ({ type: 'artifact', id: a.id, row: a, children: [] })) };
}

/** The column of a stored state that names its parent. */
const parentColumn: Readonly<Record<string, string>> = { task: 'plan_id', artifact: 'task_id' };

export function canTree(type: string): boolean {
  return type in readers;
}

/** The tree below an entity as it is now. */
export async function currentTree(type: string, id: string): Promise<TreeNode> {
  const read = readers[type];
  if (read === undefined) throw new Error(`no tree for entity type ${type}`);
  return read(id);
}

function flatten(node: TreeNode, out: Map<string, string> = new Map()): Map<string, string> {
  out.set(node.id, node.type);
  for (const c of node.children) flatten(c, out);
  return out;
}

export interface TreeAt {
  /** null: the root did not exist then. */
  root: TreeNode | null;
  /** Entities there now that did not exist then. */
  createdSince: { type: string; id: string }[];
  /** Why rows deleted since may be missing (the dry run failed), or null. */
  warning: string | null;
}

export async function treeAt(type: string, id: string, at: string): Promise<TreeAt> {
  const known = new Map<string, string>([[id, type]]);
  try {
    for (const [k, v] of flatten(await currentTree(type, id))) known.set(k, v);
  } catch (err) {
    // Deleted since: the dry run below names its tree.
    if (!(err instanceof ApiError && err.status === 404)) throw err;
  }
  let warning: string | null = null;
  try {
    const dry = unwrap(
      await api.POST('/entities/{type}/{id}/rollback', {
        params: { path: { type, id }, query: { dry_run: 'true' } },
        body: { toTime: at },
      }),
    );
    for (const s of dry.steps) known.set(s.entityId, s.entityType);
  } catch (err) {
    warning =
      `Rows deleted since that time may be missing: the dry run that names them failed (${err instanceof ApiError ? `${err.title}: ${err.detail}` : String(err)}).`;
  }

  const states = await Promise.all(
    [...known].map(async ([entityId, entityType]) => {
      const r = unwrap(
        await api.GET('/entities/{type}/{id}/state', { params: { path: { type: entityType, id: entityId }, query: { at } } }),
      );
      return { type: entityType, id: entityId, state: r.state };
    }),
  );
  const nodes = new Map<string, TreeNode>();
  const createdSince: { type: string; id: string }[] = [];
  for (const s of states) {
    if (s.state === null) createdSince.push({ type: s.type, id: s.id });
    else nodes.set(s.id, { type: s.type, id: s.id, row: s.state, children: [] });
  }
  for (const node of nodes.values()) {
    const column = parentColumn[node.type];
    const parent = column === undefined || node.id === id ? undefined : nodes.get(String(node.row[column]));
    parent?.children.push(node);
  }
  for (const node of nodes.values()) node.children.sort(byPosition);
  return { root: nodes.get(id) ?? null, createdSince, warning };
}

function byPosition(a: TreeNode, b: TreeNode): number {
  const pa = typeof a.row.position === 'number' ? a.row.position : Number.MAX_SAFE_INTEGER;
  const pb = typeof b.row.position === 'number' ? b.row.position : Number.MAX_SAFE_INTEGER;
  return pa - pb || label(a).localeCompare(label(b));
}

/** How a node is named in the tree: a plan's or task's title, an artifact's name. */
export function label(node: TreeNode): string {
  const { row } = node;
  const name = row.title ?? row.name;
  return typeof name === 'string' ? name : node.id;
}
