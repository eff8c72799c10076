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
import { all, ApiError, call, type ArtifactRow, type PlanRow, type RollbackStep, type TaskRow } from './api.ts';

export interface TreeNode {
  type: string;
  id: string;
  /** The row: the API's camelCase body now, the stored snake_case state at a time. */
  row: Record<string, unknown>;
  children: TreeNode[];
}

const entityPath: Readonly<Record<string, string>> = { plan: '/plans', task: '/tasks', artifact: '/artifacts' };
/** Where each type's children are listed, and the child type. */
const childList: Readonly<Record<string, { type: string; path: (id: string) => string }>> = {
  plan: { type: 'task', path: (id) => `/plans/${id}/tasks` },
  task: { type: 'artifact', path: (id) => `/tasks/${id}/artifacts` },
};
/** The column of a stored state that names its parent. */
const parentColumn: Readonly<Record<string, string>> = { task: 'plan_id', artifact: 'task_id' };

export function canTree(type: string): boolean {
  return type in entityPath;
}

async function children(type: string, id: string): Promise<TreeNode[]> {
  const list = childList[type];
  if (list === undefined) return [];
  const rows = await all<PlanRow | TaskRow | ArtifactRow>(list.path(id));
  return Promise.all(
    rows.map(async (row) => ({ type: list.type, id: row.id, row, children: await children(list.type, row.id) })),
  );
}

/** The tree below an entity as it is now. */
export async function currentTree(type: string, id: string): Promise<TreeNode> {
  const path = entityPath[type];
  if (path === undefined) throw new Error(`no tree for entity type ${type}`);
  const row = await call<Record<string, unknown>>(`${path}/${id}`);
  return { type, id, row, children: await children(type, id) };
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

interface StateAt {
  state: Record<string, unknown> | null;
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
    const dry = await call<{ steps: RollbackStep[] }>(`/entities/${type}/${id}/rollback?dry_run=true`, {
      method: 'POST',
      body: { toTime: at },
    });
    for (const s of dry.steps) known.set(s.entityId, s.entityType);
  } catch (err) {
    warning =
      `Rows deleted since that time may be missing: the dry run that names them failed (${err instanceof ApiError ? `${err.title}: ${err.detail}` : String(err)}).`;
  }

  const states = await Promise.all(
    [...known].map(async ([entityId, entityType]) => {
      const r = await call<StateAt>(`/entities/${entityType}/${entityId}/state?at=${encodeURIComponent(at)}`);
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
