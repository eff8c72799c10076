/** A plan's tree now (#/plan/<id>), and a tree as it was at a time (#/tree/<type>/<id>/<time>). */
import { useState } from 'preact/hooks';
import { EntityLink, ErrorBox, Show, Time, useLoad } from './components.tsx';
import { href } from './route.ts';
import { parseTime } from './time.ts';
import { currentTree, label, treeAt, type TreeNode } from './tree.ts';

function Node({ node }: { node: TreeNode }) {
  const status = node.row.status;
  return (
    <li data-entity={`${node.type}/${node.id}`}>
      <span class="kind">{node.type}</span>{' '}
      <EntityLink type={node.type} id={node.id} label={label(node)} />
      {typeof status === 'string' && <span class={`status ${status}`}>{status}</span>}
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <Node key={c.id} node={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function Tree({ root }: { root: TreeNode }) {
  return (
    <ul class="tree">
      <Node node={root} />
    </ul>
  );
}

/** Go to the tree at a typed time (a local date-time, or ISO with an offset). */
export function TreeAtForm({ type, id, initial = '' }: { type: string; id: string; initial?: string }) {
  const [text, setText] = useState(initial);
  const [bad, setBad] = useState<string | undefined>(undefined);
  return (
    <form
      class="inline"
      onSubmit={(e) => {
        e.preventDefault();
        const at = parseTime(text);
        if (at === null) {
          setBad(`“${text}” is not a time: give e.g. 2026-12-04T20:45:00 (your zone) or an ISO time with an offset.`);
          return;
        }
        setBad(undefined);
        location.hash = href({ view: 'tree', type, id, at });
      }}
    >
      <label>
        State at{' '}
        <input name="at" placeholder="2026-12-04T20:45:00 or …Z" value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>{' '}
      <button type="submit">Show</button>
      {bad !== undefined && <ErrorBox error={new Error(bad)} />}
    </form>
  );
}

export function PlanView({ id }: { id: string }) {
  const tree = useLoad(() => currentTree('plan', id), [id]);
  return (
    <section>
      <Show loaded={tree}>
        {(root) => (
          <>
            <h2>
              Plan “{label(root)}” <span class="muted">now</span>
            </h2>
            <p>
              <a href={href({ view: 'entity', type: 'plan', id })}>Timeline of this plan</a> · click any entity for its
              own timeline.
            </p>
            <Tree root={root} />
          </>
        )}
      </Show>
      <TreeAtForm type="plan" id={id} />
    </section>
  );
}

export function TreeAtView({ type, id, at }: { type: string; id: string; at: string }) {
  const tree = useLoad(() => treeAt(type, id, at), [type, id, at]);
  return (
    <section>
      <h2>
        State of <EntityLink type={type} id={id} /> at <Time iso={at} />
      </h2>
      <Show loaded={tree}>
        {(t) => (
          <>
            {t.warning !== null && <p class="warning">{t.warning}</p>}
            {t.root === null ? <p class="muted">The {type} did not exist at that time.</p> : <Tree root={t.root} />}
            {t.createdSince.length > 0 && (
              <p>
                Created since (absent then):{' '}
                {t.createdSince.map((e, i) => (
                  <span key={e.id}>
                    {i > 0 && ', '}
                    <EntityLink type={e.type} id={e.id} />
                  </span>
                ))}
              </p>
            )}
          </>
        )}
      </Show>
      <TreeAtForm type={type} id={id} initial={at} />
      <p>
        {type === 'plan' && <a href={href({ view: 'plan', id })}>The plan now</a>}
        {' · '}
        <a href={href({ view: 'entity', type, id })}>Timeline</a>
      </p>
    </section>
  );
}
