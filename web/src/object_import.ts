// The registry's CSV import, as pure functions: which rows of the server's report
// (POST /api/v1/objects/import, docs/api.md "CSV import") to show, and what to say about them.
// The server checks the file; these only decide what the operator reads.

/** The server's import report (docs/api.md, Report). */
export interface ImportReport {
  imported: boolean;
  created: number;
  ids: number[];
  header_errors: string[];
  rows: { line: number; ok: boolean; errors: string[] }[];
}

/** Where the report leaves the operator. */
export type ImportOutcome =
  | { kind: 'header'; errors: string[] } // the header is wrong: no row was looked at
  | { kind: 'rows'; bad: ImportReport['rows']; good: number } // some rows are wrong: nothing written
  | { kind: 'ready'; rows: number } // a dry run found nothing wrong
  | { kind: 'imported'; created: number; ids: number[] }; // written

export function outcomeOf(report: ImportReport): ImportOutcome {
  if (report.header_errors.length > 0) return { kind: 'header', errors: report.header_errors };
  const bad = report.rows.filter((r) => !r.ok);
  if (bad.length > 0) return { kind: 'rows', bad, good: report.rows.length - bad.length };
  if (report.imported) return { kind: 'imported', created: report.created, ids: report.ids };
  return { kind: 'ready', rows: report.rows.length };
}

/** Whether a value has the report's shape (a 400 answer carries one; other errors do not). */
export function isImportReport(value: unknown): value is ImportReport {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.imported === 'boolean' && Array.isArray(v.rows) && Array.isArray(v.header_errors);
}

/** The largest file the page sends; the server's own limit is its request body limit. */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;

/** The header line of the template offered for download, in the order of docs/api.md. */
export const TEMPLATE_HEADER = 'name,sector,kind,description,location,responsible_person,depends_on';
