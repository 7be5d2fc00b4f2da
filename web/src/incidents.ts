// Pure helpers for incident reporting (the REST API under /api/v1/incidents):
// live countdown text, stage state -> CSS class, the CERT queue's order, the statistics charts'
// data, and wall-clock time in a time zone <-> UTC (the report form takes local times, the API
// wants UTC). No DOM, no imports at run time, so tests/incidents.test.mjs can load this file alone.
import type { Incident, IncidentStats, StageState, StageStatus } from './types';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const IMPACT_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export const STATUSES = ['new', 'triage', 'in_progress', 'resolved', 'closed'] as const;
export const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export const INDICATOR_TYPES = [
  'ipv4-addr',
  'ipv6-addr',
  'domain-name',
  'url',
  'file:sha256',
  'file:md5',
  'file:sha1',
  'email-addr',
] as const;

export const incidentHref = {
  list: () => '#/incidents',
  one: (id: number) => `#/incidents/${id}`,
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Words of a countdown in the active language: `{n}` is the number, `{time}` the amount. */
export interface CountdownWords {
  dueIn: string; // "due in {time}"
  overdueBy: string; // "overdue by {time}"
  days: string; // "{n} d"
  hours: string; // "{n} h"
  minutes: string; // "{n} min"
  seconds: string; // "{n} s"
}

const fill = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));

/**
 * An amount of time in its two largest units, the smaller left out when it is zero: "1 d 3 h",
 * "5 h 12 min", "2 h", "12 min"; under a minute, seconds. Whole units, rounded down.
 */
export function formatAmount(ms: number, w: CountdownWords): string {
  const abs = Math.max(0, Math.floor(Math.abs(ms)));
  const parts: string[] = [];
  if (abs >= DAY) {
    parts.push(fill(w.days, { n: Math.floor(abs / DAY) }));
    const h = Math.floor((abs % DAY) / HOUR);
    if (h) parts.push(fill(w.hours, { n: h }));
  } else if (abs >= HOUR) {
    parts.push(fill(w.hours, { n: Math.floor(abs / HOUR) }));
    const m = Math.floor((abs % HOUR) / MINUTE);
    if (m) parts.push(fill(w.minutes, { n: m }));
  } else if (abs >= MINUTE) {
    parts.push(fill(w.minutes, { n: Math.floor(abs / MINUTE) }));
  } else {
    parts.push(fill(w.seconds, { n: Math.floor(abs / 1000) }));
  }
  return parts.join(' ');
}

/** "due in 5 h 12 min" before `dueAt`, "overdue by 2 h" after it; '' without a deadline. */
export function countdownText(dueAt: string | null | undefined, nowMs: number, w: CountdownWords): string {
  if (!dueAt) return '';
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return '';
  const left = due - nowMs;
  return left >= 0
    ? fill(w.dueIn, { time: formatAmount(left, w) })
    : fill(w.overdueBy, { time: formatAmount(-left, w) });
}

/** Whether an open stage shows a running clock (submitted and unrequested stages do not). */
export function stageIsOpen(state: StageState): boolean {
  return state === 'due' || state === 'due_soon' || state === 'overdue';
}

/**
 * The stage's state as the browser sees it at `nowMs`: the server's state, moved on to
 * "overdue" (or "due soon") when the clock passed the deadline since the page was loaded.
 */
export function liveStageState(stage: Pick<StageStatus, 'state' | 'due_at' | 'due_soon_at'>, nowMs: number): StageState {
  if (!stageIsOpen(stage.state) || !stage.due_at) return stage.state;
  if (nowMs > Date.parse(stage.due_at)) return 'overdue';
  if (stage.due_soon_at && nowMs >= Date.parse(stage.due_soon_at)) return 'due_soon';
  return stage.state;
}

/** The CSS class of a stage state ("stage-overdue", "stage-on_time"...). */
export function stageClass(state: StageState): string {
  return `stage stage-${state}`;
}

/** Whether any stage of the incident is overdue at `nowMs`. */
export function isOverdue(incident: Pick<Incident, 'stages'>, nowMs: number): boolean {
  return incident.stages.some((s) => liveStageState(s, nowMs) === 'overdue');
}

/** The CSS class of an incident's row in a list: overdue rows are highlighted. */
export function incidentRowClass(incident: Pick<Incident, 'stages'>, nowMs: number): string {
  return isOverdue(incident, nowMs) ? 'incident-row incident-overdue' : 'incident-row';
}

/** The CERT's queue order: the nearest deadline first, incidents without one last, then by id. */
export function sortQueue<T extends Pick<Incident, 'id' | 'next_due_at'>>(incidents: readonly T[]): T[] {
  const due = (i: T) => (i.next_due_at ? Date.parse(i.next_due_at) : Number.POSITIVE_INFINITY);
  return [...incidents].sort((a, b) => {
    const d = due(a) - due(b);
    if (d !== 0 && !Number.isNaN(d)) return d;
    return a.id - b.id;
  });
}

// ---------------------------------------------------------------------------------------------
// Wall-clock time in an IANA time zone <-> UTC.

/** The browser's own time zone ("Asia/Baku"), UTC when it cannot tell. */
export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
}

const WALL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;

function parseWall(text: string): Wall | null {
  const m = WALL_RE.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  // Rejects dates such as 31 February.
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return { y, mo, d, h, mi };
}

/** The wall-clock fields of instant `ms` in `timeZone` as if they were UTC (ms since epoch). */
function wallAsUtc(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
}

/** The zone's offset from UTC at instant `ms`, in ms (Asia/Baku: +4 h). */
export function zoneOffset(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallAsUtc(whole, timeZone) - whole;
}

/**
 * A wall-clock time typed in `timeZone` ("2026-03-29T02:30", an `<input type="datetime-local">`
 * value) as an RFC 3339 UTC time ("2026-03-29T01:30:00Z"); null when it is not a valid time or
 * zone. Like Temporal's "compatible": a time skipped by a DST jump counts as the same time after
 * the jump, a time that happens twice as the earlier of the two.
 */
export function localToUtc(local: string, timeZone: string = localTimeZone()): string | null {
  const wall = parseWall(local);
  if (!wall) return null;
  const asUtc = Date.UTC(wall.y, wall.mo - 1, wall.d, wall.h, wall.mi);
  try {
    const before = zoneOffset(asUtc - DAY, timeZone);
    const after = zoneOffset(asUtc + DAY, timeZone);
    const candidates = [...new Set([before, after])]
      .map((offset) => asUtc - offset)
      .filter((t) => wallAsUtc(t, timeZone) === asUtc)
      .sort((a, b) => a - b);
    // In a gap none matches: the offset before the jump moves the time forward by the gap.
    const t = candidates.length > 0 ? candidates[0] : asUtc - before;
    return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
  } catch {
    return null;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An RFC 3339 time as the wall-clock "YYYY-MM-DDTHH:MM" in `timeZone` (for datetime-local). */
export function utcToLocalInput(iso: string, timeZone: string = localTimeZone()): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const w = new Date(wallAsUtc(ms, timeZone));
  return `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}T${pad(w.getUTCHours())}:${pad(
    w.getUTCMinutes(),
  )}`;
}

// ---------------------------------------------------------------------------------------------
// Stage submissions.

/** How a required field is entered: "*_at" fields are times (the server checks RFC 3339). */
export function stageFieldKind(name: string): 'datetime' | 'text' {
  return name.endsWith('_at') ? 'datetime' : 'text';
}

/** Proposed values of a stage's fields from what the report already says (the user edits them). */
export function stageFieldDefaults(
  incident: Pick<Incident, 'malicious' | 'cross_border' | 'affected_services' | 'indicators' | 'description' | 'severity'>,
  fields: readonly string[],
): Record<string, string> {
  const known: Record<string, string> = {
    suspected_malicious: incident.malicious ? 'yes' : 'no',
    cross_border_impact: incident.cross_border ? 'yes' : 'no',
    affected_services: incident.affected_services,
    indicators_of_compromise: incident.indicators.map((i) => `${i.type}: ${i.value}`).join('\n'),
    description: incident.description,
    detailed_description: incident.description,
    severity_assessment: incident.severity,
  };
  const out: Record<string, string> = {};
  for (const f of fields) out[f] = known[f] ?? '';
  return out;
}

/**
 * The stage submission body from the form's values: text trimmed; "*_at" wall-clock times
 * converted to UTC. Answers the names of required fields left empty or times that are invalid.
 */
export function stageSubmission(
  values: Record<string, string>,
  required: readonly string[],
  timeZone: string = localTimeZone(),
): { fields: Record<string, string> } | { missing: string[] } {
  const fields: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of required) {
    const raw = (values[name] ?? '').trim();
    if (!raw) {
      missing.push(name);
      continue;
    }
    if (stageFieldKind(name) === 'datetime') {
      const utc = localToUtc(raw, timeZone);
      if (!utc) missing.push(name);
      else fields[name] = utc;
    } else {
      fields[name] = raw;
    }
  }
  return missing.length ? { missing } : { fields };
}

export interface IndicatorRow {
  type: string;
  value: string;
}

/** The indicator rows worth sending: both parts filled in, trimmed, duplicates dropped. */
export function indicatorsToSend(rows: readonly IndicatorRow[]): IndicatorRow[] {
  const out: IndicatorRow[] = [];
  for (const r of rows) {
    const value = r.value.trim();
    if (!r.type || !value) continue;
    if (!out.some((o) => o.type === r.type && o.value === value)) out.push({ type: r.type, value });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Statistics.

/** The months of the statistics, oldest first ("2026-10", "2026-11"). */
export function statsMonths(stats: IncidentStats): string[] {
  const months = new Set<string>();
  for (const r of stats.per_sector_month) months.add(r.month);
  for (const r of stats.on_time) months.add(r.month);
  return [...months].sort();
}

/** Incidents per sector in `month` ('' for every month), the most first, then by sector. */
export function sectorCounts(stats: IncidentStats, month: string): { sector: string; count: number }[] {
  const bySector = new Map<string, number>();
  for (const r of stats.per_sector_month) {
    if (month && r.month !== month) continue;
    bySector.set(r.sector, (bySector.get(r.sector) ?? 0) + r.count);
  }
  return [...bySector.entries()]
    .map(([sector, count]) => ({ sector, count }))
    .sort((a, b) => b.count - a.count || a.sector.localeCompare(b.sector));
}

/** The count of `sector` in `month` (0 when the statistics have no row). */
export function sectorMonthCount(stats: IncidentStats, sector: string, month: string): number {
  return stats.per_sector_month.find((r) => r.sector === sector && r.month === month)?.count ?? 0;
}

/**
 * The share of stages reported on time per month as a score series for the line chart: the
 * month's first day (UTC) and its share; months without stages have no score.
 */
export function onTimeSeries(stats: IncidentStats): { at: string; score: number | null; subjects: number }[] {
  return [...stats.on_time]
    .sort((a, b) => a.month.localeCompare(b.month))
    .map((r) => ({
      at: `${r.month}-01T00:00:00Z`,
      score: r.stages > 0 ? r.on_time / r.stages : null,
      subjects: r.stages,
    }));
}
