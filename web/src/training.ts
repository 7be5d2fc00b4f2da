// Training and awareness (#/training), as pure functions: an audience's coverage of a course
// (the share of its active members trained within the course's recurrence), and what the
// completions CSV import's report (POST /api/v1/orgs/{org}/training/completions/import,
// docs/api.md "Training") tells the operator. The server decides; these only present.

export interface Course {
  id: number;
  org_id: number;
  title: string;
  description: string;
  recurrence_months: number;
  created_at: string;
}

export interface StaffMember {
  id: number;
  org_id: number;
  staff_ref: string;
  name: string;
  email: string;
  active: boolean;
}

export interface Audience {
  id: number;
  org_id: number;
  name: string;
  description: string;
  members: number[];
}

export type TrainingState = 'current' | 'due_soon' | 'lapsed' | 'never';

/** One active member of an audience and where they stand with a course today. */
export interface MemberStatus {
  staff_id: number;
  state: TrainingState;
  last_completed: string | null;
  lapses_on: string | null;
}

export interface Coverage {
  members: number;
  trained: number;
  /** Whole percent, rounded down (so 89.9% never shows as 90%); null for an empty audience. */
  percent: number | null;
}

/** Trained: a completion that has not lapsed (current, or due soon but still counting). */
export function coverageOf(statuses: readonly MemberStatus[]): Coverage {
  const trained = statuses.filter((s) => s.state === 'current' || s.state === 'due_soon').length;
  const members = statuses.length;
  return { members, trained, percent: members === 0 ? null : Math.floor((trained * 100) / members) };
}

/** The server's import report. */
export interface CompletionImportReport {
  dry_run: boolean;
  imported: boolean;
  rows: number;
  valid: number;
  duplicates: number;
  created: number;
  errors: { row: number; line: number; column: string; message: string }[];
}

export type CompletionImportOutcome =
  | { kind: 'header'; errors: CompletionImportReport['errors'] } // the header is wrong
  | { kind: 'rows'; errors: CompletionImportReport['errors']; bad: number; good: number } // nothing written
  | { kind: 'ready'; rows: number; valid: number; duplicates: number } // a clean dry run
  | { kind: 'imported'; created: number; duplicates: number }; // written

export function importOutcomeOf(report: CompletionImportReport): CompletionImportOutcome {
  const header = report.errors.filter((e) => e.row === 0);
  if (header.length > 0) return { kind: 'header', errors: header };
  if (report.errors.length > 0) {
    const bad = new Set(report.errors.map((e) => e.row)).size;
    return { kind: 'rows', errors: report.errors, bad, good: report.rows - bad };
  }
  if (report.imported) return { kind: 'imported', created: report.created, duplicates: report.duplicates };
  return { kind: 'ready', rows: report.rows, valid: report.valid, duplicates: report.duplicates };
}

/** Whether a value has the report's shape (a 400 answer carries one; other errors do not). */
export function isCompletionImportReport(value: unknown): value is CompletionImportReport {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.imported === 'boolean' && typeof v.rows === 'number' && Array.isArray(v.errors);
}

/** The server's limit (2 MiB); the page refuses a larger file before sending it. */
export const MAX_COMPLETION_CSV_BYTES = 2 * 1024 * 1024;

/** The header line of the template offered for download. */
export const COMPLETION_TEMPLATE_HEADER = 'staff_ref,staff_email,course,completed_on';

/** A completion entered by hand, checked as typed; null when complete. */
export function completionProblem(
  form: { staffId: string; courseId: string; date: string },
  today: string,
): 'training.pickStaff' | 'training.pickCourse' | 'training.badDate' | 'training.futureDate' | null {
  if (!/^\d+$/.test(form.staffId)) return 'training.pickStaff';
  if (!/^\d+$/.test(form.courseId)) return 'training.pickCourse';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.date) || Number.isNaN(Date.parse(`${form.date}T00:00:00Z`))) {
    return 'training.badDate';
  }
  const d = new Date(`${form.date}T00:00:00Z`);
  if (d.toISOString().slice(0, 10) !== form.date) return 'training.badDate'; // e.g. 2026-02-30
  if (form.date > today) return 'training.futureDate';
  return null;
}
