// A card holding a titled table (DataTable): column headings, one row per item, and a line of its
// own when there are no items.
import type { ComponentChildren, VNode } from 'preact';
import { DataTable } from './data_table';
import type { HeadingSpec } from '../table';

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
  headings: readonly HeadingSpec[];
  items: T[];
  row: (item: T) => VNode;
  empty: string;
}) {
  return (
    <article class="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {intro}
      <div class="table-wrap">
        <DataTable testId={testId} busy={busy} headings={headings} empty={empty}>
          {items.map(row)}
        </DataTable>
      </div>
    </article>
  );
}
