// Who sees which page and control: pure functions of the signed-in user's org kind and role.
// The server enforces every rule again; these only keep the UI from offering what it would refuse.
import type { OrgKind, Role } from './types';

export type PageId = 'overview' | 'requirements' | 'intel' | 'orgs' | 'audit';

export interface NavItem {
  id: PageId;
  /** Hash route, e.g. "#/orgs". */
  href: string;
  /** Message catalog key of the link's label. */
  labelKey: 'nav.overview' | 'nav.requirements' | 'nav.intel' | 'nav.orgs' | 'nav.audit';
}

const OVERVIEW: NavItem = { id: 'overview', href: '#/overview', labelKey: 'nav.overview' };
const REQUIREMENTS: NavItem = {
  id: 'requirements',
  href: '#/requirements',
  labelKey: 'nav.requirements',
};
const INTEL: NavItem = { id: 'intel', href: '#/intel', labelKey: 'nav.intel' };
const ORGS: NavItem = { id: 'orgs', href: '#/orgs', labelKey: 'nav.orgs' };
const AUDIT: NavItem = { id: 'audit', href: '#/audit', labelKey: 'nav.audit' };

/** Roles of the regulator that oversee other organisations (read access to users and audit). */
const REGULATOR_OVERSIGHT: readonly Role[] = ['admin', 'officer', 'auditor'];

/**
 * The navigation for a user, in display order. Everybody gets the overview, the requirements
 * (catalogs and profiles) and threat intelligence (TAXII collections); admins and the regulator's officers and auditors get "Organisations &
 * users"; the regulator's admins, officers and auditors get the audit trail. Unknown kinds or
 * roles get the overview, the requirements and threat intelligence only.
 */
export function navFor(orgKind: OrgKind | string, role: Role | string): NavItem[] {
  const items: NavItem[] = [OVERVIEW, REQUIREMENTS, INTEL];
  const regulatorOverseer =
    orgKind === 'regulator' && (REGULATOR_OVERSIGHT as readonly string[]).includes(role);
  if (role === 'admin' || regulatorOverseer) items.push(ORGS);
  if (regulatorOverseer) items.push(AUDIT);
  return items;
}

/** Whether the user may look at other organisations (the org switcher). */
export function canSwitchOrg(orgKind: OrgKind | string): boolean {
  return orgKind === 'regulator' || orgKind === 'cert';
}

/** Whether the user may register new organisations (regulator admin). */
export function canRegisterOrg(orgKind: OrgKind | string, role: Role | string): boolean {
  return orgKind === 'regulator' && role === 'admin';
}

export interface Viewer {
  orgKind: OrgKind | string;
  role: Role | string;
  orgId: number;
}

/** Whether the user may list the users of organisation `orgId`. */
export function canListUsers(v: Viewer, orgId: number): boolean {
  if (v.orgKind === 'regulator') return true;
  return v.orgId === orgId && ['admin', 'officer', 'auditor'].includes(v.role);
}

/** Whether the user may add users, disable them and manage API tokens of organisation `orgId`. */
export function canManageOrg(v: Viewer, orgId: number): boolean {
  if (v.role !== 'admin') return false;
  return v.orgId === orgId || v.orgKind === 'regulator';
}

/** Whether the user may publish a catalog's draft (regulator admin and officer). */
export function canPublishRequirements(orgKind: OrgKind | string, role: Role | string): boolean {
  return orgKind === 'regulator' && (role === 'admin' || role === 'officer');
}

/** Roles that share threat intelligence from the dashboard (the server also checks can_write). */
const INTEL_SHARERS: readonly Role[] = ['admin', 'officer', 'analyst'];

/** Whether the user may share indicators in a collection whose TAXII `can_write` is `canWrite`. */
export function canShareIntel(role: Role | string, canWrite: boolean): boolean {
  return canWrite && (INTEL_SHARERS as readonly string[]).includes(role);
}

/** Whether the user gets the CERT's view of the most sighted indicators (the CERT). */
export function canSeeMostSighted(orgKind: OrgKind | string): boolean {
  return orgKind === 'cert';
}

/** Whether GET /api/v1/orgs lists every organisation for the user (the regulator and the CERT). */
export function canListAllOrgs(orgKind: OrgKind | string): boolean {
  return orgKind === 'regulator' || orgKind === 'cert';
}
