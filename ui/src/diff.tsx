/** The diff between two checkpoints as a table: one row per column that differs, from → to. */
import { api, unwrap, type Checkpoint } from './api.ts';
import { Show, Time, useLoad, Value } from './components.tsx';

export function DiffView({ from, to }: { from: Checkpoint; to: Checkpoint }) {
  const diff = useLoad(
    async () => unwrap(await api.GET('/checkpoints/{from}/diff/{to}', { params: { path: { from: from.id, to: to.id } } })),
    [from.id, to.id],
  );
  return (
    <section class="diff" aria-label="diff">
      <h3>
        Diff #{from.seq} ({from.operation}, <Time iso={from.createdAt} />) → #{to.seq} ({to.operation},{' '}
        <Time iso={to.createdAt} />)
      </h3>
      <Show loaded={diff}>
        {({ diff: columns }) =>
          Object.keys(columns).length === 0 ? (
            <p class="muted">The two states are equal.</p>
          ) : (
            <table class="diff-table">
              <thead>
                <tr>
                  <th>column</th>
                  <th>from</th>
                  <th>to</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(columns).map(([column, { from: a, to: b }]) => (
                  <tr key={column} data-column={column}>
                    <th scope="row">{column}</th>
                    <td class="from">
                      <Value value={a} />
                    </td>
                    <td class="to">
                      <Value value={b} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
    </section>
  );
}
