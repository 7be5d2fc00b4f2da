// Pure helpers for campaigns (#/campaigns): the sub-routes, the board's states in display order,
// reading the counts, building the create request from the form, and the export links of an
// assessment. No DOM, no imports at run time, so tests/campaigns.test.mjs can load this file alone.

/** Where a subject of a campaign stands (docs/api.md, "Campaigns"). */
export type BoardState =
  | 'not_started'
  | 'draft'
  | 'submitted'
  | 'in_review'
  | 'accepted'
  | 'changes_requested'
  | 'overdue';

/** The board's states in the order of the work: overdue last, where it stands out. */
export const BOARD_STATES: readonly BoardState[] = [
  'not_started',
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
  'accepted',
  'overdue',
];

export interface Campaign {
  id: number;
  name: string;
  description: string;
  profile: { catalog_id: number; seq: number };
  due_at: string;
  sector: string;
  category: number | null;
  created_by: string;
  created_at: string;
  subjects: number;
}

export interface CreatedCampaign extends Campaign {
  created: number;
  linked: number;
  not_started: number;
}

export interface BoardRow {
  id: number;
  subject_kind: 'object' | 'provider';
  subject_id: number;
  subject_name: string;
  owner_org: number;
  owner_name: string;
  assessment_id: number | null;
  linked: boolean;
  status: string | null;
  state: BoardState;
  score: number | null;
  note: string;
}

export interface Board {
  campaign: Campaign;
  /** With the first page (and every page of an operator's board); null on the regulator's later pages. */
  counts: Record<BoardState, number> | null;
  total: number | null;
  items: BoardRow[];
  next: string | null;
}

export const campaignHref = {
  list: () => '#/campaigns',
  one: (id: number) => `#/campaigns/${id}`,
};

/** The campaign id of "#/campaigns/<id>" (with an optional "?..." after it); null otherwise. */
export function parseCampaignRoute(hash: string): number | null {
  const parts = hash.replace(/^#\/?/, '').split('?')[0].split('/');
  if (parts[0] !== 'campaigns' || parts.length < 2 || !/^[1-9][0-9]{0,14}$/.test(parts[1])) return null;
  return Number(parts[1]);
}

export function isBoardState(value: string): value is BoardState {
  return (BOARD_STATES as readonly string[]).includes(value);
}

/** The counts in display order, every state present (0 when the server left one out). */
export function stateCounts(counts: Partial<Record<string, number>>): { state: BoardState; count: number }[] {
  return BOARD_STATES.map((state) => {
    const n = counts[state];
    return { state, count: typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0 };
  });
}

/** The share of subjects accepted, 0-100 rounded down (0 for an empty board). */
export function acceptedPercent(counts: Partial<Record<string, number>>, total: number): number {
  if (!(total > 0)) return 0;
  const accepted = counts.accepted ?? 0;
  return Math.floor((Math.min(accepted, total) * 100) / total);
}

/** Rows that need the regulator's attention stand out: overdue, and those never started. */
export function rowAttention(row: Pick<BoardRow, 'state'>): 'overdue' | 'not-started' | null {
  if (row.state === 'overdue') return 'overdue';
  if (row.state === 'not_started') return 'not-started';
  return null;
}

/** The form of a new campaign as the page holds it (strings, as inputs give them). */
export interface CampaignForm {
  name: string;
  description: string;
  profileId: string;
  /** YYYY-MM-DD from a date input: due at the end of that day (UTC). */
  dueDate: string;
  mode: 'sector' | 'subjects';
  sector: string;
  /** '' for every category, '0' for uncategorised, '1'..'3'. */
  category: string;
  /** Object ids separated by commas, spaces or new lines. */
  subjects: string;
}

export interface CampaignBody {
  name: string;
  description: string;
  profile_id: number;
  due_at: string;
  sector?: string;
  category?: number;
  subjects?: { subject_kind: 'object'; subject_id: number }[];
}

/** The request body, or the message key of the first thing wrong with the form. */
export function campaignBody(
  form: CampaignForm,
  today: string,
): { body: CampaignBody } | { errorKey: string } {
  const name = form.name.trim();
  if (!name) return { errorKey: 'campaigns.errorName' };
  if (!/^[1-9][0-9]{0,14}$/.test(form.profileId)) return { errorKey: 'campaigns.errorProfile' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.dueDate) || Number.isNaN(Date.parse(`${form.dueDate}T00:00:00Z`))) {
    return { errorKey: 'campaigns.errorDue' };
  }
  if (form.dueDate < today) return { errorKey: 'campaigns.errorDuePast' };
  const body: CampaignBody = {
    name,
    description: form.description.trim(),
    profile_id: Number(form.profileId),
    due_at: `${form.dueDate}T23:59:59Z`,
  };
  if (form.mode === 'sector') {
    if (!form.sector) return { errorKey: 'campaigns.errorSector' };
    body.sector = form.sector;
    if (/^[0-3]$/.test(form.category)) body.category = Number(form.category);
  } else {
    const ids = form.subjects.split(/[\s,;]+/).filter((s) => s !== '');
    if (ids.length === 0 || !ids.every((s) => /^[1-9][0-9]{0,14}$/.test(s))) {
      return { errorKey: 'campaigns.errorSubjects' };
    }
    body.subjects = [...new Set(ids.map(Number))].map((id) => ({ subject_kind: 'object', subject_id: id }));
  }
  return { body };
}

/** The board's query string: state filter, page size and cursor. */
export function boardQuery(state: string, limit: number, cursor: string | null): string {
  const q = new URLSearchParams();
  if (isBoardState(state)) q.set('state', state);
  q.set('limit', String(limit));
  if (cursor) q.set('cursor', cursor);
  return `?${q.toString()}`;
}

/** The download links of an assessment's exports. */
export function exportUrl(assessmentId: number, format: 'oscal' | 'csv'): string {
  return `/api/v1/assessments/${assessmentId}/${format === 'oscal' ? 'export.oscal.json' : 'export.csv'}`;
}
