/**
 * The page's views, addressed by the URL's hash so that every view can be
 * bookmarked and the browser's back button works:
 *
 *   #/                          plans
 *   #/plan/<id>                 a plan's tree (tasks, artifacts)
 *   #/entity/<type>/<id>        an entity's timeline, diffs, actions
 *   #/tree/<type>/<id>/<time>   a tree's state at a time
 */
export type Route =
  | { view: 'plans' }
  | { view: 'plan'; id: string }
  | { view: 'entity'; type: string; id: string }
  | { view: 'tree'; type: string; id: string; at: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter((p) => p !== '').map(decodeURIComponent);
  const [view, a, b, c] = parts;
  if (view === 'plan' && a !== undefined) return { view: 'plan', id: a };
  if (view === 'entity' && a !== undefined && b !== undefined) return { view: 'entity', type: a, id: b };
  if (view === 'tree' && a !== undefined && b !== undefined && c !== undefined) return { view: 'tree', type: a, id: b, at: c };
  return { view: 'plans' };
}

export function href(route: Route): string {
  switch (route.view) {
    case 'plans':
      return '#/';
    case 'plan':
      return `#/plan/${encodeURIComponent(route.id)}`;
    case 'entity':
      return `#/entity/${encodeURIComponent(route.type)}/${encodeURIComponent(route.id)}`;
    case 'tree':
      return `#/tree/${encodeURIComponent(route.type)}/${encodeURIComponent(route.id)}/${encodeURIComponent(route.at)}`;
  }
}
