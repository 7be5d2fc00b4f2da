// Pure helpers for the CII registry, self-assessments and posture: the #/registry and
// #/assessments sub-routes, the categorisation rule (a live preview of what the server computes),
// what a submission still lacks, progress and score display, and the posture chart's geometry.
// No DOM, no imports at run time, so tests/registry.test.mjs can load this file on its own.
import type { Answers, AssessmentItem, Category, Criterion, ItemResult, SeriesPoint, Thresholds } from './types';

/** The six criteria of the categorisation questionnaire, in the order of the API. */
export const CRITERIA: readonly Criterion[] = [
  'people',
  'economy',
  'environment',
  'defence',
  'state_administration',
  'dependent_cii',
];

/** The answers a person may give to an assessment item. */
export const RESULTS: readonly Exclude<ItemResult, 'unanswered'>[] = [
  'compliant',
  'partial',
  'non_compliant',
  'not_applicable',
];

/** The numeric id after `#/<page>/`, e.g. 12 for "#/registry/12"; null when there is none. */
export function parseIdRoute(hash: string, page: string): number | null {
  const parts = hash.replace(/^#\/?/, '').split('?')[0].split('/');
  if (parts[0] !== page || parts.length < 2 || !/^[1-9][0-9]{0,14}$/.test(parts[1])) return null;
  return Number(parts[1]);
}

export const registryHref = {
  list: () => '#/registry',
  object: (id: number) => `#/registry/${id}`,
};

export const assessmentHref = {
  list: () => '#/assessments',
  one: (id: number) => `#/assessments/${id}`,
};

export function emptyAnswers(): Answers {
  return {
    people: 0,
    economy: 0,
    environment: 0,
    defence: 0,
    state_administration: 0,
    dependent_cii: 0,
  };
}

/**
 * The category the answers reach under `thresholds` (docs/api.md): each criterion reaches the
 * highest category whose threshold it meets ([c1, c2, c3], least values); the object's category
 * is the highest (smallest number) of them, or null. The server computes the recorded one.
 */
export function categoryFor(answers: Answers, thresholds: Thresholds): Category {
  let best: Category = null;
  for (const criterion of CRITERIA) {
    const value = answers[criterion];
    const levels = thresholds[criterion];
    if (!levels) continue;
    for (let i = 0; i < 3; i++) {
      if (value >= levels[i]) {
        const category = (i + 1) as 1 | 2 | 3;
        if (best === null || category < best) best = category;
        break;
      }
    }
  }
  return best;
}

/** A non-negative whole number typed into a questionnaire field, or null when it is not one. */
export function parseCount(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[0-9]{1,15}$/.test(trimmed)) return null;
  return Number(trimmed);
}

/** Comma- or space-separated object ids ("3, 4") as numbers; null when any part is not an id. */
export function parseIdList(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const ids: number[] = [];
  for (const part of parts) {
    if (!/^[1-9][0-9]{0,14}$/.test(part)) return null;
    const id = Number(part);
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

export type Missing = 'answer' | 'justification' | 'remediation';

/**
 * What an item still lacks for a submission (the server checks the same): an answer, a
 * justification for not applicable, a remediation action for non-compliant or partial.
 */
export function missingFor(item: Pick<AssessmentItem, 'result' | 'justification' | 'remediation'>): Missing | null {
  if (item.result === 'unanswered') return 'answer';
  if (item.result === 'not_applicable' && !item.justification.trim()) return 'justification';
  if ((item.result === 'non_compliant' || item.result === 'partial') && item.remediation.length === 0) {
    return 'remediation';
  }
  return null;
}

/** Whole percent of `part` in `total` (0 when there is nothing), clamped to 0-100. */
export function percent(part: number, total: number): number {
  if (!(total > 0)) return 0;
  return Math.max(0, Math.min(100, Math.round((100 * part) / total)));
}

/** An RFC 3339 date (midnight UTC) from an `<input type="date">` value; '' when empty or invalid. */
export function dateInputToRfc3339(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return '';
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? '' : `${value}T00:00:00Z`;
}

export interface ChartPoint {
  x: number;
  y: number;
  at: string;
  score: number;
}

/**
 * The points of a score series (0-1) in a plot of `width` x `height` user units: time on x
 * (evenly spread when all points share one instant), score on y with 1 at the top. Points
 * without a score are left out.
 */
export function seriesPoints(series: SeriesPoint[], width: number, height: number): ChartPoint[] {
  const scored = series
    .filter((p): p is SeriesPoint & { score: number } => typeof p.score === 'number')
    .map((p) => ({ ...p, t: Date.parse(p.at) }))
    .filter((p) => !Number.isNaN(p.t))
    .sort((a, b) => a.t - b.t);
  if (scored.length === 0) return [];
  const first = scored[0].t;
  const span = scored[scored.length - 1].t - first;
  return scored.map((p, i) => {
    const fraction = span > 0 ? (p.t - first) / span : scored.length > 1 ? i / (scored.length - 1) : 0.5;
    const score = Math.max(0, Math.min(1, p.score));
    return { x: fraction * width, y: (1 - score) * height, at: p.at, score: p.score };
  });
}

/** A comma- or newline-separated list of services, trimmed, without empties or repeats. */
export function parseServices(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[,\n]/)) {
    const service = part.trim();
    if (service && !out.includes(service)) out.push(service);
  }
  return out;
}
