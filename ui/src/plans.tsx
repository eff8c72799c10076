/** The first view: every plan, a page at a time. */
import { useState } from 'preact/hooks';
import { api, pageOf, type PlanRow } from './api.ts';
import { Time } from './components.tsx';
import { MoreFooter, useMore } from './more.tsx';
import { href } from './route.ts';

export function PlansView() {
  const [filter, setFilter] = useState('');
  const list = useMore<PlanRow>(
    async (cursor) => pageOf(await api.GET('/plans', { params: { query: { limit: 50, ...(cursor === null ? {} : { cursor }) } } })),
    [],
  );
  const shown = list.items.filter((p) => p.title.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <section>
      <h2>Plans</h2>
      <input
        type="search"
        placeholder="filter by title"
        aria-label="filter plans by title"
        value={filter}
        onInput={(e) => setFilter(e.currentTarget.value)}
      />
      <table class="list">
        <thead>
          <tr>
            <th>title</th>
            <th>status</th>
            <th>last change</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((p) => (
            <tr key={p.id}>
              <td>
                <a href={href({ view: 'plan', id: p.id })}>{p.title}</a>
              </td>
              <td>
                <span class={`status ${p.status}`}>{p.status}</span>
              </td>
              <td>
                <Time iso={p.updatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <MoreFooter list={list} empty="No plans yet." label="Show more" />
    </section>
  );
}
