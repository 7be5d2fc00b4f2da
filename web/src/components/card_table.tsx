// A card holding a titled table: column headings, one row per item, and a line of its own when
// there are no items.
import type { ComponentChildren, VNode } from 'preact';

export function CardTable<T>({
  id,
  title,
  intro,
  testId,
  busy,
  headings,
  items,
  row,
  empty,
}: {
  id: string;
  title: string;
  intro?: ComponentChildren;
  testId: string;
  busy?: boolean;
  headings: string[];
  items: T[];
  row: (item: T) => VNode;
  empty: string;
}) {
  return (
    <article class="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {intro}
      <div class="table-wrap">
        <table data-testid={testId} aria-busy={busy}>
          <thead>
            <tr>
              {headings.map((h, i) => (
                <th scope="col" key={i}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map(row)}
            {items.length === 0 && (
              <tr>
                <td colSpan={headings.length} class="empty">
                  {empty}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </article>
  );
}
