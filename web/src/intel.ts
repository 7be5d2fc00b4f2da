// Pure helpers for threat intelligence (STIX 2.1 over TAXII 2.1): TLP 2.0 levels and their
// marking definitions, the values one may share and their STIX patterns, building an indicator,
// the #/intel sub-routes and the sightings chart data. No DOM, no imports at run time, so
// tests/intel.test.mjs can load this file on its own.
import type { DaySightings, IndicatorSightings, StixObject } from './types';

// ---------------------------------------------------------------------------------------------
// TLP 2.0

export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

/** The TLP 2.0 marking-definition ids (OASIS / FIRST). */
export const TLP_MARKING: Record<Tlp, string> = {
  CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

// TLP 1.0 marking definitions, mapped to 2.0 as the server does (WHITE → CLEAR).
const TLP1_MARKING: Record<string, Tlp> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'CLEAR',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'GREEN',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'AMBER',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'RED',
};

/** Whether a level names organisations that may read it (x_qalxan_recipients). */
export function tlpTakesRecipients(tlp: Tlp): boolean {
  return tlp === 'AMBER' || tlp === 'RED';
}

/**
 * A TLP as the API or a person writes it ("green", "TLP:AMBER+STRICT", "white") as a TLP 2.0
 * level; null when it is none.
 */
export function normalizeTlp(value: unknown): Tlp | null {
  if (typeof value !== 'string') return null;
  const upper = value.trim().toUpperCase().replace(/^TLP:/, '');
  if (upper === 'WHITE') return 'CLEAR';
  return (TLP_LEVELS as readonly string[]).includes(upper) ? (upper as Tlp) : null;
}

/**
 * The TLP of a STIX object as the server decides it: the most restrictive TLP marking of its
 * object_marking_refs, AMBER when it has none (the server's rule for unmarked objects), raised by
 * any granular marking_ref that is a TLP marking (the object is served whole).
 */
export function tlpOfObject(
  object: Pick<StixObject, 'object_marking_refs' | 'granular_markings'>,
): Tlp {
  const level = (ref: unknown): number => {
    if (typeof ref !== 'string') return -1;
    const tlp =
      (Object.keys(TLP_MARKING) as Tlp[]).find((k) => TLP_MARKING[k] === ref) ?? TLP1_MARKING[ref];
    return tlp ? TLP_LEVELS.indexOf(tlp) : -1;
  };
  let most = -1;
  for (const ref of object.object_marking_refs ?? []) most = Math.max(most, level(ref));
  if (most < 0) most = TLP_LEVELS.indexOf('AMBER');
  for (const g of object.granular_markings ?? []) most = Math.max(most, level(g?.marking_ref));
  return TLP_LEVELS[most];
}

// ---------------------------------------------------------------------------------------------
// Values, patterns and indicators

export const VALUE_TYPES = ['ipv4', 'ipv6', 'domain', 'url', 'sha256', 'email'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

/** An example of each type, for placeholders (documentation ranges, example domains). */
export const VALUE_EXAMPLES: Record<ValueType, string> = {
  ipv4: '198.51.100.7',
  ipv6: '2001:db8::7',
  domain: 'malicious.example',
  url: 'https://malicious.example/payload',
  sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  email: 'phisher@malicious.example',
};

/** The STIX object path a value of each type is compared with. */
const PATTERN_PATH: Record<ValueType, string> = {
  ipv4: 'ipv4-addr:value',
  ipv6: 'ipv6-addr:value',
  domain: 'domain-name:value',
  url: 'url:value',
  sha256: "file:hashes.'SHA-256'",
  email: 'email-addr:value',
};

/** A string as a STIX pattern string literal's content: \ → \\ and ' → \'. */
export function escapeStixString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

/** "[ipv4-addr:value = '1.2.3.4']" and the like; the value is escaped. */
export function buildPattern(type: ValueType, value: string): string {
  return `[${PATTERN_PATH[type]} = '${escapeStixString(value)}']`;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

function validIpv4(value: string): boolean {
  const [address, prefix, extra] = value.split('/');
  if (extra !== undefined || !IPV4.test(address)) return false;
  return prefix === undefined || (/^\d{1,2}$/.test(prefix) && Number(prefix) <= 32);
}

function validIpv6(value: string): boolean {
  const [address, prefix, extra] = value.split('/');
  if (extra !== undefined || !address.includes(':') || !/^[0-9a-f:.]+$/i.test(address)) return false;
  if (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= 128)) return false;
  if ((address.match(/::/g) ?? []).length > 1) return false;
  // The last group may be an embedded IPv4 address (::ffff:192.0.2.1).
  let groups = address.split(':');
  const last = groups[groups.length - 1];
  if (last.includes('.')) {
    if (!IPV4.test(last)) return false;
    groups = [...groups.slice(0, -1), '0', '0'];
  }
  if (!address.includes('::')) {
    return groups.length === 8 && groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g));
  }
  const filled = groups.filter((g) => g !== '');
  return filled.length <= 7 && filled.every((g) => /^[0-9a-f]{1,4}$/i.test(g));
}

function validDomain(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) return false;
  return /[a-z]/i.test(labels[labels.length - 1]);
}

function validUrl(value: string): boolean {
  if (/\s/.test(value) || !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]+/i.test(value)) return false;
  try {
    return new URL(value).host !== '';
  } catch {
    return false;
  }
}

/** A simple check that `value` (already trimmed) is a value of `type`. */
export function isValidValue(type: ValueType, value: string): boolean {
  if (value === '') return false;
  switch (type) {
    case 'ipv4':
      return validIpv4(value);
    case 'ipv6':
      return validIpv6(value);
    case 'domain':
      return validDomain(value);
    case 'url':
      return validUrl(value);
    case 'sha256':
      return /^[0-9a-f]{64}$/i.test(value);
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(value) && !value.includes('..');
  }
  return false;
}

/** Organisation ids typed as "4, 7 9": the distinct positive integers, or null when malformed. */
export function parseOrgIds(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  const ids: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part)) return null;
    const id = Number(part);
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** A random UUID (v4): crypto.randomUUID where available (secure contexts), else from random bytes. */
export function randomUuid(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A STIX / TAXII timestamp: UTC with milliseconds and "Z" ("2026-01-02T03:04:05.678Z"). */
export function stixTimestamp(date: Date): string {
  return date.toISOString();
}

export interface IndicatorInput {
  valueType: ValueType;
  value: string;
  name: string;
  description?: string;
  tlp: Tlp;
  /** Named recipient organisations; used for AMBER and RED only. */
  recipients?: number[];
}

/** A STIX 2.1 indicator for one value, created and valid from `now`. */
export function buildIndicator(input: IndicatorInput, now: Date, uuid: string): StixObject {
  const at = stixTimestamp(now);
  const indicator: StixObject = {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuid}`,
    created: at,
    modified: at,
  };
  const name = input.name.trim();
  if (name) indicator.name = name;
  const description = input.description?.trim();
  if (description) indicator.description = description;
  indicator.pattern = buildPattern(input.valueType, input.value.trim());
  indicator.pattern_type = 'stix';
  indicator.valid_from = at;
  indicator.object_marking_refs = [TLP_MARKING[input.tlp]];
  if (tlpTakesRecipients(input.tlp) && input.recipients && input.recipients.length > 0) {
    indicator.x_qalxan_recipients = [...input.recipients];
  }
  return indicator;
}

/** What a list shows for an object: its name, else its pattern, else its id. */
export function objectLabel(object: StixObject): string {
  if (typeof object.name === 'string' && object.name.trim()) return object.name;
  if (typeof object.pattern === 'string' && object.pattern) return object.pattern;
  return object.id;
}

/** STIX object types offered by the type filter, the most common first. */
export const STIX_TYPES = [
  'indicator',
  'sighting',
  'malware',
  'report',
  'threat-actor',
  'intrusion-set',
  'campaign',
  'attack-pattern',
  'vulnerability',
  'tool',
  'infrastructure',
  'course-of-action',
  'observed-data',
  'relationship',
  'identity',
  'note',
] as const;

// ---------------------------------------------------------------------------------------------
// Routes under #/intel

export type IntelRoute =
  | { view: 'collections'; collectionId: string | null }
  | { view: 'indicator'; indicatorId: string; collectionId: string | null }
  | { view: 'most-sighted' };

function decode(part: string | undefined): string {
  if (!part) return '';
  try {
    return decodeURIComponent(part);
  } catch {
    return '';
  }
}

/**
 * The view of a #/intel hash: "#/intel" and "#/intel/collections/ID" (the collection list, ID
 * chosen), "#/intel/indicators/ID?collection=CID" (an indicator) and "#/intel/most-sighted".
 */
export function parseIntelRoute(hash: string): IntelRoute {
  const path = hash.replace(/^#\/?/, '');
  const cut = path.indexOf('?');
  const segments = (cut < 0 ? path : path.slice(0, cut)).split('/');
  const params = new URLSearchParams(cut < 0 ? '' : path.slice(cut + 1));
  if (segments[0] !== 'intel') return { view: 'collections', collectionId: null };
  if (segments[1] === 'indicators' && decode(segments[2])) {
    return {
      view: 'indicator',
      indicatorId: decode(segments[2]),
      collectionId: params.get('collection') || null,
    };
  }
  if (segments[1] === 'most-sighted') return { view: 'most-sighted' };
  if (segments[1] === 'collections' && decode(segments[2])) {
    return { view: 'collections', collectionId: decode(segments[2]) };
  }
  return { view: 'collections', collectionId: null };
}

export const intelHref = {
  collections: () => '#/intel',
  collection: (id: string) => `#/intel/collections/${encodeURIComponent(id)}`,
  indicator: (id: string, collectionId?: string | null) =>
    `#/intel/indicators/${encodeURIComponent(id)}${
      collectionId ? `?collection=${encodeURIComponent(collectionId)}` : ''
    }`,
  mostSighted: () => '#/intel/most-sighted',
};

// ---------------------------------------------------------------------------------------------
// Sightings

export interface ChartBar {
  /** Organisation id, or null for the organisations not named to the viewer. */
  orgId: number | null;
  sightings: number;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

/**
 * The bars of the per-organisation chart: each named organisation (most counted first), then one
 * bar for the anonymous ones carrying what the totals hold beyond the named organisations.
 */
export function sightingBars(s: IndicatorSightings): ChartBar[] {
  const named: ChartBar[] = (s.by_organisation ?? [])
    .map((o) => ({
      orgId: o.org_id,
      sightings: o.sightings,
      count: o.count,
      firstSeen: o.first_seen,
      lastSeen: o.last_seen,
    }))
    .sort((a, b) => b.count - a.count || b.sightings - a.sightings);
  if (s.anonymous_organisations > 0) {
    const sum = (key: 'sightings' | 'count') => named.reduce((n, b) => n + b[key], 0);
    named.push({
      orgId: null,
      sightings: Math.max(0, s.sightings - sum('sightings')),
      count: Math.max(0, s.count - sum('count')),
      firstSeen: null,
      lastSeen: null,
    });
  }
  return named;
}

const DAY_MS = 86_400_000;

/**
 * The per-day sightings as a gapless series of at most `maxDays` days (the latest ones): days
 * without sightings are zeros, so the chart's x axis is time.
 */
export function dailySeries(perDay: DaySightings[], maxDays = 90): DaySightings[] {
  const known = perDay
    .map((d) => ({ ...d, at: Date.parse(`${d.date}T00:00:00Z`) }))
    .filter((d) => Number.isFinite(d.at))
    .sort((a, b) => a.at - b.at);
  if (known.length === 0) return [];
  const last = known[known.length - 1].at;
  const first = Math.max(known[0].at, last - (maxDays - 1) * DAY_MS);
  const byDay = new Map(known.map((d) => [d.at, d]));
  const out: DaySightings[] = [];
  for (let at = first; at <= last; at += DAY_MS) {
    const d = byDay.get(at);
    out.push({ date: new Date(at).toISOString().slice(0, 10), sightings: d?.sightings ?? 0, count: d?.count ?? 0 });
  }
  return out;
}

/** A "nice" upper bound for a chart axis: 1, 2 or 5 times a power of ten, at least `max`. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= max) return step * power;
  }
  return 10 * power;
}
