/**
 * The three actions, each through Confirm (dry run, then confirmation):
 * create a checkpoint (its preview: the state that will be saved), roll back
 * to a point (rollback_entity's dry run), revert a request or a trace
 * (revert_changes' dry run, conflicts included, under the chosen policy).
 */
import { useState } from 'preact/hooks';
import { api, unwrap, type Checkpoint, type RevertStep, type RollbackStep, type UnitChange } from './api.ts';
import { EntityLink, Show, shortId, StepsTable, Time, useLoad, Value } from './components.tsx';
import { Confirm } from './confirm.tsx';

interface Closable {
  onClose: () => void;
  onDone: () => void;
}

export function CheckpointAction({ type, id, onClose, onDone }: { type: string; id: string } & Closable) {
  const [reason, setReason] = useState('');
  return (
    <Confirm<{ state: Record<string, unknown> | null; created?: string }>
      title={`Create a checkpoint of ${type} ${shortId(id)}`}
      controls={
        <label>
          Reason{' '}
          <input name="reason" value={reason} placeholder="why (optional)" onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
      }
      preview={async () =>
        unwrap(
          await api.GET('/entities/{type}/{id}/state', {
            params: { path: { type, id }, query: { at: new Date().toISOString() } },
          }),
        )
      }
      perform={async () => {
        const body = { entityType: type, entityId: id, ...(reason.trim() === '' ? {} : { reason: reason.trim() }) };
        const { id: created } = unwrap(await api.POST('/checkpoints', { body }));
        return { state: null, created };
      }}
      render={(r, dryRun) =>
        dryRun ? (
          r.state === null ? (
            <p class="muted">The entity does not exist now: the API will refuse.</p>
          ) : (
            <StateTable state={r.state} />
          )
        ) : (
          <p>
            Checkpoint <code>{r.created}</code> saved.
          </p>
        )
      }
      confirmLabel="Save checkpoint"
      onClose={onClose}
      onDone={onDone}
    />
  );
}

function StateTable({ state }: { state: Record<string, unknown> }) {
  return (
    <table class="state">
      <tbody>
        {Object.entries(state).map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>
              <Value value={v} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RollbackAction({ type, id, to, onClose, onDone }: { type: string; id: string; to: Checkpoint } & Closable) {
  const [cascade, setCascade] = useState(true);
  const run = (dryRun: boolean) => async () => {
    const r = await api.POST('/entities/{type}/{id}/rollback', {
      params: { path: { type, id }, query: { dry_run: dryRun ? 'true' : 'false' } },
      body: { toCheckpoint: to.id, cascade },
    });
    return unwrap(r).steps;
  };
  return (
    <Confirm<RollbackStep[]>
      title={`Roll ${type} ${shortId(id)} back to #${to.seq}`}
      controls={
        <p>
          To the state of checkpoint #{to.seq} ({to.operation}, <Time iso={to.createdAt} />).{' '}
          <label>
            <input type="checkbox" checked={cascade} onChange={(e) => setCascade(e.currentTarget.checked)} /> with
            everything below it
          </label>
        </p>
      }
      previewKey={String(cascade)}
      preview={run(true)}
      perform={run(false)}
      render={(steps, dryRun) => (
        <StepsTable steps={steps} empty={dryRun ? 'Nothing would change: already in that state.' : 'Nothing changed.'} />
      )}
      confirmLabel="Roll back"
      onClose={onClose}
      onDone={onDone}
    />
  );
}

export type UnitKey = { requestId: string } | { traceId: string };
type Policy = 'abort' | 'skip' | 'overwrite';

function unitName(unit: UnitKey): string {
  return 'requestId' in unit ? `request ${unit.requestId}` : `trace ${unit.traceId}`;
}

/** What the unit changed, in capture order: what a revert would take back. */
function UnitChanges({ unit }: { unit: UnitKey }) {
  const changes = useLoad<UnitChange[]>(
    async () => unwrap(await api.GET('/units/changes', { params: { query: unit } })),
    [JSON.stringify(unit)],
  );
  return (
    <details class="changes">
      <summary>
        What it changed{changes.data === undefined ? '' : ` (${changes.data.length} change${changes.data.length === 1 ? '' : 's'})`}
      </summary>
      <Show loaded={changes}>
        {(list) => (
          <table>
            <tbody>
              {list.map((c) => (
                <tr key={c.seq}>
                  <td>#{c.seq}</td>
                  <td>
                    <Time iso={c.createdAt} />
                  </td>
                  <td>{c.createdBy ?? ''}</td>
                  <td>
                    <span class={`op ${c.operation}`}>{c.operation}</span>
                  </td>
                  <td>
                    <EntityLink type={c.entityType} id={c.entityId} />
                  </td>
                  <td>{c.columns.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Show>
    </details>
  );
}

export function RevertAction({ unit, onClose, onDone }: { unit: UnitKey } & Closable) {
  const [onConflict, setOnConflict] = useState<Policy>('abort');
  const run = (dryRun: boolean) => async () => {
    const r = await api.POST('/reverts', { body: { ...unit, onConflict, dryRun } });
    return unwrap(r).steps;
  };
  return (
    <Confirm<RevertStep[]>
      title={`Revert what ${unitName(unit)} changed`}
      controls={
        <div class="controls">
          Later changes by others are kept; a column they changed since is a conflict.{' '}
          <label>
            On conflict{' '}
            <select name="onConflict" value={onConflict} onChange={(e) => setOnConflict(e.currentTarget.value as Policy)}>
              <option value="abort">abort (change nothing)</option>
              <option value="skip">skip the conflicting entities</option>
              <option value="overwrite">overwrite them</option>
            </select>
          </label>
          <UnitChanges unit={unit} />
        </div>
      }
      previewKey={onConflict}
      preview={run(true)}
      perform={run(false)}
      render={(steps, dryRun) => (
        <>
          <StepsTable steps={steps} empty="Nothing to revert." />
          {dryRun && onConflict === 'abort' && steps.some((s) => s.conflict) && (
            <p class="warning">
              Under “abort” the revert will be refused while these conflicts stand: choose skip or overwrite.
            </p>
          )}
        </>
      )}
      confirmLabel="Revert"
      onClose={onClose}
      onDone={onDone}
    />
  );
}
