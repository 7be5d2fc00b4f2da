// A table with a row of column headings, the caller's rows and, when there are no rows, a line
// of its own spanning every column. The headings are given as a list, so the line's colSpan is
// derived from them (src/table.ts) and cannot go stale when a column is added or shown only to
// some users.
import { toChildArray } from 'preact';
import type { ComponentChildren } from 'preact';
import { columnsOf, emptyLineOf } from '../table';
import type { HeadingSpec } from '../table';

export function DataTable({
  testId,
  class: className,
  busy,
  caption,
  captionVisible,
  headings,
  empty,
  emptyTestId,
  ready = true,
  load,
  children,
}: {
  testId?: string;
  /** The table's own class. */
  class?: string;
  /** aria-busy while the rows load; left out when undefined. */
  busy?: boolean;
  /** The table's caption, read only by screen readers unless `captionVisible`. */
  caption?: string;
  captionVisible?: boolean;
  headings: readonly HeadingSpec[];
  /** The (translated) line shown when there are no rows; a table without one shows nothing. */
  empty?: string;
  emptyTestId?: string;
  /** False while the rows are not known (loading, failed): no "no rows" line then. */
  ready?: boolean;
  /** The rows' load (a list or loaded value of src/hooks.ts): sets busy while it loads and ready
   *  once it has loaded without an error, in place of those two. */
  load?: { loading: boolean; error: string | null };

  /** The rows (`<tr>` elements, or components rendering one each). */
  children?: ComponentChildren;
}) {
  const columns = columnsOf(headings);
  const rows = toChildArray(children);
  const line = emptyLineOf(columns.length, rows.length, load ? !load.loading && !load.error : ready, empty);
  return (
    <table class={className} data-testid={testId} aria-busy={load ? load.loading : busy}>
      {caption !== undefined && <caption class={captionVisible ? undefined : 'visually-hidden'}>{caption}</caption>}
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th scope="col" key={i} class={c.class}>
              {c.hidden ? <span class="visually-hidden">{c.label}</span> : c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows}
        {line && (
          <tr>
            <td colSpan={line.colSpan} class="empty" data-testid={emptyTestId}>
              {line.text}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
