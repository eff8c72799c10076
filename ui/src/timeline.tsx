/**
 * An entity's timeline (#/entity/<type>/<id>): every checkpoint, newest
 * first, a page at a time; two chosen points' diff; and the actions —
 * create a checkpoint, roll back to a point, revert a request or a trace —
 * each previewed by a dry run and confirmed.
 */
import { useState } from 'preact/hooks';
import { api, pageOf, type Checkpoint } from './api.ts';
import { shortId, Time } from './components.tsx';
import { DiffView } from './diff.tsx';
import { MoreFooter, useMore } from './more.tsx';
import { CheckpointAction, RevertAction, RollbackAction, type UnitKey } from './actions.tsx';
import { href } from './route.ts';
import { canTree } from './tree.ts';

type Action = { kind: 'checkpoint' } | { kind: 'rollback'; to: Checkpoint } | { kind: 'revert'; unit: UnitKey };

export function TimelineView({ type, id }: { type: string; id: string }) {
  const history = useMore<Checkpoint>(
    async (cursor) =>
      pageOf(
        await api.GET('/entities/{type}/{id}/history', {
          params: { path: { type, id }, query: { limit: 50, ...(cursor === null ? {} : { cursor }) } },
        }),
      ),
    [type, id],
  );
  const [from, setFrom] = useState<Checkpoint | null>(null);
  const [to, setTo] = useState<Checkpoint | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const close = (): void => setAction(null);
  const done = history.reload;

  return (
    <section>
      <h2>
        Timeline of {type} “{name(history.items[0]?.stateData) ?? shortId(id)}” <code title={id}>{shortId(id)}</code>
      </h2>
      <p>
        {type === 'plan' && (
          <>
            <a href={href({ view: 'plan', id })}>The plan’s tree</a> ·{' '}
          </>
        )}
        <button type="button" onClick={() => setAction({ kind: 'checkpoint' })}>
          Create checkpoint…
        </button>
      </p>

      {action?.kind === 'checkpoint' && <CheckpointAction type={type} id={id} onClose={close} onDone={done} />}
      {action?.kind === 'rollback' && (
        <RollbackAction type={type} id={id} to={action.to} onClose={close} onDone={done} />
      )}
      {action?.kind === 'revert' && <RevertAction unit={action.unit} onClose={close} onDone={done} />}

      {from !== null && to !== null ? (
        <DiffView from={from} to={to} />
      ) : (
        <p class="muted">Choose a “from” and a “to” point below to see what changed between them.</p>
      )}

      <table class="timeline">
        <thead>
          <tr>
            <th title="diff from this point">from</th>
            <th title="diff to this point">to</th>
            <th>seq</th>
            <th>time</th>
            <th>operation</th>
            <th>actor</th>
            <th>reason</th>
            <th>request</th>
            <th>trace</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {history.items.map((c) => (
            <tr key={c.id} data-checkpoint={c.id} data-seq={c.seq}>
              <td>
                <input
                  type="radio"
                  name="from"
                  aria-label={`diff from #${c.seq}`}
                  checked={from?.id === c.id}
                  onChange={() => setFrom(c)}
                />
              </td>
              <td>
                <input type="radio" name="to" aria-label={`diff to #${c.seq}`} checked={to?.id === c.id} onChange={() => setTo(c)} />
              </td>
              <td>{c.seq}</td>
              <td>
                <Time iso={c.createdAt} />
              </td>
              <td>
                <span class={`op ${c.operation}`}>{c.operation}</span>
              </td>
              <td>{c.createdBy ?? ''}</td>
              <td class="reason" title={c.reason ?? undefined}>
                {c.reason === null ? '' : shortenIds(c.reason)}
              </td>
              <td class="unit">
                <UnitButton kind="request" value={c.requestId} onRevert={(unit) => setAction({ kind: 'revert', unit })} />
              </td>
              <td class="unit">
                <UnitButton kind="trace" value={c.traceId} onRevert={(unit) => setAction({ kind: 'revert', unit })} />
              </td>
              <td class="row-actions">
                <button type="button" onClick={() => setAction({ kind: 'rollback', to: c })}>
                  Roll back to here…
                </button>
                {canTree(type) && (
                  <a href={href({ view: 'tree', type, id, at: c.createdAt })} title="the tree as it was right after this point">
                    tree then
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <MoreFooter list={history} empty="No checkpoints: this entity has no history." label="Older checkpoints" />
    </section>
  );
}

/** A checkpoint's request or trace: its short id, a click previews reverting everything it changed. */
function UnitButton({ kind, value, onRevert }: { kind: 'request' | 'trace'; value: string | null; onRevert: (unit: UnitKey) => void }) {
  if (value === null) return null;
  return (
    <button
      type="button"
      class="link"
      title={`${kind} ${value}: revert what it changed…`}
      onClick={() => onRevert(kind === 'request' ? { requestId: value } : { traceId: value })}
    >
      {shortId(value)} ↶
    </button>
  );
}

/** What the newest state calls the entity (a title or a name), if anything. */
function name(state: Record<string, unknown> | undefined): string | undefined {
  const value = state?.title ?? state?.name;
  return typeof value === 'string' ? value : undefined;
}

/** A reason with its uuids cut to their first 8 digits (the whole reason is the cell's tooltip). */
function shortenIds(text: string): string {
  return text.replace(/\b([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '$1…');
}
