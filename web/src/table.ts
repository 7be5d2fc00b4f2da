// Pure helpers of the shared table (components/data_table.tsx): the columns a list of headings
// names and the line that stands in for rows when there are none. Its colSpan is the number of
// columns, so it follows the headings instead of being counted by hand. Kept free of Preact so
// that node:test loads it (tests/table.test.mjs).

/** A column heading: its text, or its text with a class (e.g. `num`) or read only by screen
 * readers (`hidden`, for a column of buttons). */
export type Heading = string | { label: string; hidden?: boolean; class?: string };

/** What a caller lists: false, null or undefined leave out a column shown only to some users
 * (`regulator && t('registry.owner')`). */
export type HeadingSpec = Heading | false | null | undefined;

export interface Column {
  label: string;
  hidden: boolean;
  class?: string;
}

/** The columns named by `headings`, in order, without the left-out ones. An empty text is still
 * a column. */
export function columnsOf(headings: readonly HeadingSpec[]): Column[] {
  const columns: Column[] = [];
  for (const h of headings) {
    if (h === false || h === null || h === undefined) continue;
    if (typeof h === 'string') columns.push({ label: h, hidden: false });
    else columns.push({ label: h.label, hidden: h.hidden ?? false, ...(h.class ? { class: h.class } : {}) });
  }
  return columns;
}

/** The "no rows" line of a table with `columns` columns and `rows` rows: none while the rows are
 * not known yet (`ready` false: loading or failed), when there are rows, or when the table has no
 * such line (`text` undefined). */
export function emptyLineOf(
  columns: number,
  rows: number,
  ready: boolean,
  text: string | undefined,
): { colSpan: number; text: string } | null {
  if (text === undefined || !ready || rows > 0) return null;
  return { colSpan: Math.max(columns, 1), text };
}
