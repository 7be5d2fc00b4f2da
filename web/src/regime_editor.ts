// The national reporting regime's editor, as pure functions: a regime becomes editable rows and
// back, and the rows are checked with the server's rules (src/domain/incident_regime.cc
// ValidateRegime, ParseIsoDuration) so that a mistake is named beside its field before saving.
// The server checks again; these checks only save a round trip.
import type { Regime, StageDefinition } from './types';

export type Anchor = StageDefinition['anchor'];
export const ANCHORS: readonly Anchor[] = ['awareness', 'classification', 'notification', 'request'];

/** One stage as the form holds it: every input is text. */
export interface StageRow {
  key: string;
  name: string;
  anchor: Anchor;
  /** For anchor 'notification': the earlier stage whose submission opens this one. */
  anchorStage: string;
  within: string;
  maxFromAwareness: string;
  /** Required field names, separated by commas or spaces. */
  fields: string;
  onRequest: boolean;
}

/** A problem with one row (or the regime when row is -1); key is a message-catalog key. */
export interface RowProblem {
  row: number;
  field: 'name' | 'key' | 'anchorStage' | 'within' | 'maxFromAwareness' | 'fields' | 'onRequest' | 'stages';
  key: string;
  params?: Record<string, string | number>;
}

export const MAX_STAGES = 20;
export const MAX_FIELDS = 30;
const KEY = /^[a-z0-9_]{1,40}$/;
// The server's grammar: P, then number+unit pairs (Y M W D), then optionally T and (H M S);
// at most six digits per number, at most 32 characters, at least one pair.
const DURATION = /^P(?:\d{1,6}[YMWD])*(?:T(?:\d{1,6}[HMS])+)?$/;

export function isIsoDuration(text: string): boolean {
  return text.length >= 3 && text.length <= 32 && DURATION.test(text) && text !== 'P' && !text.endsWith('T');
}

/** Whether a duration is longer than zero (P0D is valid ISO 8601 but no deadline). */
function isPositive(text: string): boolean {
  return /[1-9]/.test(text);
}

export function rowFromStage(s: StageDefinition): StageRow {
  return {
    key: s.key,
    name: s.name,
    anchor: s.anchor,
    anchorStage: s.anchor === 'notification' ? (s.anchor_stage ?? 'notification') : '',
    within: s.within,
    maxFromAwareness: s.max_from_awareness ?? '',
    fields: s.required_fields.join(', '),
    onRequest: s.on_request,
  };
}

export function splitFields(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((f) => f.trim())
    .filter((f) => f.length > 0);
}

export function stageFromRow(r: StageRow): StageDefinition {
  const stage: StageDefinition = {
    key: r.key.trim(),
    name: r.name.trim(),
    anchor: r.anchor,
    within: r.within.trim(),
    max_from_awareness: r.maxFromAwareness.trim() === '' ? null : r.maxFromAwareness.trim(),
    required_fields: splitFields(r.fields),
    on_request: r.onRequest,
  };
  if (r.anchor === 'notification') stage.anchor_stage = r.anchorStage.trim() || 'notification';
  return stage;
}

export function emptyRow(): StageRow {
  return { key: '', name: '', anchor: 'awareness', anchorStage: '', within: 'PT24H', maxFromAwareness: '', fields: '', onRequest: false };
}

/** The editor's starting point: the national regime as stored, or a copy of the default's stages. */
export function startingRows(national: Regime | undefined, fallback: Regime | undefined): StageRow[] {
  const source = national ?? fallback;
  return source ? source.stages.map(rowFromStage) : [emptyRow()];
}

/** Every problem of the rows, in row order; an empty list means the server should accept them. */
export function problems(name: string, rows: StageRow[]): RowProblem[] {
  const out: RowProblem[] = [];
  const trimmedName = name.trim();
  if (trimmedName.length === 0 || trimmedName.length > 200) out.push({ row: -1, field: 'name', key: 'regimeEditor.err.name' });
  if (rows.length === 0 || rows.length > MAX_STAGES) {
    out.push({ row: -1, field: 'stages', key: 'regimeEditor.err.stageCount', params: { max: MAX_STAGES } });
  }
  const earlier = new Set<string>();
  rows.forEach((r, i) => {
    const key = r.key.trim();
    if (!KEY.test(key)) out.push({ row: i, field: 'key', key: 'regimeEditor.err.key' });
    else if (earlier.has(key)) out.push({ row: i, field: 'key', key: 'regimeEditor.err.duplicate', params: { key } });
    if (r.name.trim().length === 0 || r.name.trim().length > 200) out.push({ row: i, field: 'name', key: 'regimeEditor.err.stageName' });
    const within = r.within.trim();
    if (!isIsoDuration(within) || !isPositive(within)) out.push({ row: i, field: 'within', key: 'regimeEditor.err.duration' });
    const max = r.maxFromAwareness.trim();
    if (max !== '' && (!isIsoDuration(max) || !isPositive(max))) {
      out.push({ row: i, field: 'maxFromAwareness', key: 'regimeEditor.err.duration' });
    }
    if (r.anchor === 'notification') {
      const anchor = r.anchorStage.trim() || 'notification';
      if (!earlier.has(anchor)) out.push({ row: i, field: 'anchorStage', key: 'regimeEditor.err.anchorStage', params: { stage: anchor } });
    }
    if (r.anchor === 'request' && !r.onRequest) out.push({ row: i, field: 'onRequest', key: 'regimeEditor.err.request' });
    const fields = splitFields(r.fields);
    if (fields.length > MAX_FIELDS) out.push({ row: i, field: 'fields', key: 'regimeEditor.err.fieldCount', params: { max: MAX_FIELDS } });
    const bad = fields.find((f) => !KEY.test(f));
    if (bad !== undefined) out.push({ row: i, field: 'fields', key: 'regimeEditor.err.field', params: { field: bad } });
    if (KEY.test(key)) earlier.add(key);
  });
  return out;
}

/** The body of PUT /api/v1/incident-regimes/national. */
export function regimeFromRows(name: string, rows: StageRow[]): Regime {
  return { id: 'national', name: name.trim(), stages: rows.map(stageFromRow) };
}

/** Moves row i by delta (-1 up, +1 down); out-of-range moves return the rows unchanged. */
export function moveRow(rows: StageRow[], i: number, delta: -1 | 1): StageRow[] {
  const j = i + delta;
  if (i < 0 || i >= rows.length || j < 0 || j >= rows.length) return rows;
  const next = rows.slice();
  [next[i], next[j]] = [next[j], next[i]];
  return next;
}
