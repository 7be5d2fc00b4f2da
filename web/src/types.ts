// Shapes of the REST API v1 (docs/api.md) as the dashboard uses them.

export type OrgKind = 'regulator' | 'cert' | 'operator' | 'provider';
export type Role = 'admin' | 'officer' | 'analyst' | 'staff' | 'auditor';

export const ORG_KINDS: readonly OrgKind[] = ['regulator', 'cert', 'operator', 'provider'];
export const ROLES: readonly Role[] = ['admin', 'officer', 'analyst', 'staff', 'auditor'];
export const SECTORS = [
  'oil_and_gas',
  'energy',
  'finance',
  'telecom',
  'government',
  'transport',
  'health',
  'water',
  'digital',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

export interface Org {
  id: number;
  name: string;
  kind: OrgKind;
  sector: Sector | '' | null;
  created_at: string;
}

export interface User {
  id: number;
  org_id: number;
  username: string;
  display_name: string;
  role: Role;
  disabled: boolean;
  created_at: string;
}

export interface Token {
  id: number;
  org_id: number;
  name: string;
  role: Role;
  created_by: unknown;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface CreatedToken {
  token: Token;
  secret: string;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actor: unknown;
  org_id: number | null;
  action: string;
  object_type: string | null;
  object_id: unknown;
  detail: unknown;
  digest?: string;
  prev_hash?: string;
  hash?: string;
}

export interface Session {
  user: User;
  org: Org;
  csrf_token: string;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

// Requirements: catalogs and profiles (OSCAL 1.1).

export type CatalogKind = 'catalog' | 'profile';
export type CatalogScope = 'general' | 'special';
export type VersionStatus = 'draft' | 'published' | 'superseded';

export interface Catalog {
  id: number;
  name: string;
  kind: CatalogKind;
  scope: CatalogScope;
  owner_org: number | null;
  title: string;
  created_at: string;
}

export interface CatalogVersion {
  seq: number;
  version: string;
  status: VersionStatus;
  created_at: string;
  created_by: unknown;
  published_at?: string;
  published_by?: unknown;
  digest?: string;
  signature?: { alg: string; key_id: string; value: string };
}

/** GET /api/v1/catalogs/{id}: the catalog with all its versions. */
export interface CatalogDetail extends Catalog {
  versions: CatalogVersion[];
}

/** A row of the requirement index. Empty `sectors` / `categories` mean "all". */
export interface RequirementRow {
  id: string;
  title: string;
  /** Group ids joined by "/" ("" outside any group). */
  group_path: string;
  /** The enhanced control, "" for a base requirement. */
  parent: string;
  sectors: string[];
  categories: number[];
  min_security_level: number | null;
  machine_checks: string[];
}

export interface OscalProp {
  name: string;
  value: string;
  ns?: string;
  class?: string;
}

export interface OscalPart {
  id?: string;
  name: string;
  title?: string;
  prose?: string;
  props?: OscalProp[];
  parts?: OscalPart[];
}

export interface OscalParam {
  id: string;
  label?: string;
  values?: string[];
  select?: { 'how-many'?: string; choice?: string[] };
  guidelines?: { prose: string }[];
}

export interface OscalLink {
  href: string;
  rel?: string;
  text?: string;
}

export interface OscalControl {
  id: string;
  title: string;
  class?: string;
  params?: OscalParam[];
  props?: OscalProp[];
  links?: OscalLink[];
  parts?: OscalPart[];
  controls?: OscalControl[];
}

/** GET .../requirements/{control}. */
export interface RequirementDetail {
  control: OscalControl;
  group_path: string[];
  parent_control: string;
}

export interface CatalogDiff {
  added: string[];
  removed: string[];
  changed: { id: string; fields: string[] }[];
}

export interface SigningKey {
  key_id: string;
  alg: string;
  use: string;
  public_key: string;
}
