// Pure helpers for requirement content (OSCAL 1.1): parameter inserts in prose, the requirement
// tree built from index rows, and titles from an effective OSCAL catalog. No DOM, no imports at run
// time, so tests/oscal.test.mjs can load this file on its own.
import type { CatalogVersion, OscalParam, RequirementRow } from './types';

/** A piece of prose: literal text, or the text standing for the parameter `param`. */
export interface ProseSegment {
  text: string;
  param?: string;
}

// "{{ insert: param, pol-1_prm_1 }}" (OSCAL markup); the id runs to whitespace, ',' or '}'.
const INSERT = /\{\{\s*insert:\s*param\s*,\s*([^\s,}]+)\s*\}\}/g;

/**
 * What a reader sees for a parameter: its value (values[0]), else "[label]", else its choices
 * joined with " | ", else "[id]".
 */
export function paramText(param: OscalParam | undefined, id: string): string {
  if (!param) return `[${id}]`;
  const value = param.values?.find((v) => typeof v === 'string' && v !== '');
  if (value !== undefined) return value;
  if (param.label) return `[${param.label}]`;
  const choices = (param.select?.choice ?? []).filter((c) => typeof c === 'string' && c !== '');
  if (choices.length) return choices.join(' | ');
  return `[${id}]`;
}

/** Splits `prose` at its parameter inserts; each insert becomes the parameter's paramText(). */
export function proseSegments(prose: string, params: readonly OscalParam[] = []): ProseSegment[] {
  const segments: ProseSegment[] = [];
  let last = 0;
  for (const m of prose.matchAll(INSERT)) {
    const at = m.index ?? 0;
    if (at > last) segments.push({ text: prose.slice(last, at) });
    const id = m[1];
    segments.push({ text: paramText(params.find((p) => p.id === id), id), param: id });
    last = at + m[0].length;
  }
  if (last < prose.length) segments.push({ text: prose.slice(last) });
  return segments;
}

/** A requirement with its enhancements (rows whose `parent` is this requirement). */
export interface RequirementNode {
  row: RequirementRow;
  children: RequirementNode[];
  /** An enhancement whose parent is not among the rows (filtered out or not loaded yet). */
  orphan: boolean;
}

/** A group of the catalog: its requirements and subgroups, in document order. */
export interface GroupNode {
  /** The last segment of the group path (the OSCAL group id). */
  id: string;
  /** The full group path ("" for the root). */
  path: string;
  groups: GroupNode[];
  requirements: RequirementNode[];
}

/**
 * Arranges index rows into groups (from `group_path`, "/"-separated) with enhancements nested
 * under their parent (from `parent`). Keeps the rows' order. An enhancement whose parent is not
 * among the rows stays at its group's level, marked `orphan`.
 */
export function buildTree(rows: readonly RequirementRow[]): GroupNode {
  const root: GroupNode = { id: '', path: '', groups: [], requirements: [] };
  const groups = new Map<string, GroupNode>([['', root]]);
  const groupFor = (path: string): GroupNode => {
    const known = groups.get(path);
    if (known) return known;
    const cut = path.lastIndexOf('/');
    const parent = groupFor(cut < 0 ? '' : path.slice(0, cut));
    const node: GroupNode = { id: path.slice(cut + 1), path, groups: [], requirements: [] };
    parent.groups.push(node);
    groups.set(path, node);
    return node;
  };
  const nodes = new Map<string, RequirementNode>();
  for (const row of rows) {
    if (!nodes.has(row.id)) nodes.set(row.id, { row, children: [], orphan: false });
  }
  for (const node of nodes.values()) {
    const { row } = node;
    const parent = row.parent ? nodes.get(row.parent) : undefined;
    if (parent && parent !== node) {
      parent.children.push(node);
    } else {
      node.orphan = Boolean(row.parent);
      groupFor(row.group_path ?? '').requirements.push(node);
    }
  }
  return root;
}

/** Group and control titles of an OSCAL catalog document, by id. */
export interface Titles {
  groups: Record<string, string>;
  controls: Record<string, string>;
}

const MAX_DEPTH = 32;

/** Collects the titles of every group and control of `{"catalog": ...}` (anything else: none). */
export function catalogTitles(doc: unknown): Titles {
  const titles: Titles = { groups: {}, controls: {} };
  const asObject = (v: unknown): Record<string, unknown> | null =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  const walk = (owner: Record<string, unknown>, depth: number) => {
    if (depth > MAX_DEPTH) return;
    for (const key of ['groups', 'controls'] as const) {
      const list = owner[key];
      if (!Array.isArray(list)) continue;
      for (const item of list) {
        const o = asObject(item);
        if (!o) continue;
        const title = typeof o.title === 'string' ? o.title : '';
        // A group without an id is known by its title in group_path (as the server does).
        const id = typeof o.id === 'string' ? o.id : key === 'groups' ? title : '';
        if (id && title) titles[key][id] = title;
        walk(o, depth + 1);
      }
    }
  };
  const catalog = asObject(asObject(doc)?.catalog);
  if (catalog) walk(catalog, 0);
  return titles;
}

/** The version with the highest `seq`, or null. */
export function latestVersion(versions: readonly CatalogVersion[]): CatalogVersion | null {
  let latest: CatalogVersion | null = null;
  for (const v of versions) if (!latest || v.seq > latest.seq) latest = v;
  return latest;
}
