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
