// Who sees which page and control: pure functions of the signed-in user's org kind and role.
// The server enforces every rule again; these only keep the UI from offering what it would refuse.
import type { OrgKind, Role } from './types';

export type PageId =
  | 'overview'
  | 'requirements'
  | 'intel'
  | 'registry'
  | 'assessments'
  | 'campaigns'
  | 'posture'
  | 'incidents'
  | 'training'
  | 'providers'
  | 'orgs'
  | 'audit';

export interface NavItem {
  id: PageId;
  /** Hash route, e.g. "#/orgs". */
  href: string;
  /** Message catalog key of the link's label. */
  labelKey: `nav.${PageId}`;
}

const OVERVIEW: NavItem = { id: 'overview', href: '#/overview', labelKey: 'nav.overview' };
const REQUIREMENTS: NavItem = {
  id: 'requirements',
  href: '#/requirements',
  labelKey: 'nav.requirements',
};
const INTEL: NavItem = { id: 'intel', href: '#/intel', labelKey: 'nav.intel' };
const REGISTRY: NavItem = { id: 'registry', href: '#/registry', labelKey: 'nav.registry' };
const ASSESSMENTS: NavItem = {
  id: 'assessments',
  href: '#/assessments',
  labelKey: 'nav.assessments',
};
const CAMPAIGNS: NavItem = { id: 'campaigns', href: '#/campaigns', labelKey: 'nav.campaigns' };
const POSTURE: NavItem = { id: 'posture', href: '#/posture', labelKey: 'nav.posture' };
const INCIDENTS: NavItem = { id: 'incidents', href: '#/incidents', labelKey: 'nav.incidents' };
const TRAINING: NavItem = { id: 'training', href: '#/training', labelKey: 'nav.training' };
const PROVIDERS: NavItem = { id: 'providers', href: '#/providers', labelKey: 'nav.providers' };
const ORGS: NavItem = { id: 'orgs', href: '#/orgs', labelKey: 'nav.orgs' };
const AUDIT: NavItem = { id: 'audit', href: '#/audit', labelKey: 'nav.audit' };

/** Roles of the regulator that oversee other organisations (read access to users and audit). */
const REGULATOR_OVERSIGHT: readonly Role[] = ['admin', 'officer', 'auditor'];

/**
 * The navigation for a user, in display order. Everybody gets the overview, the requirements
 * (catalogs and profiles) and threat intelligence (TAXII collections); operators and the
 * regulator get the CII registry; operators, providers and the regulator get assessments and
 * posture, and the regulator the campaigns (its inspection plans) between them; operators, the
 * CERT and the regulator get incidents; an operator's admins, officers and auditors (who may see
 * its staff) get training; everybody gets the public provider list; admins and the
 * regulator's officers and
 * auditors get "Organisations & users"; the regulator's admins, officers and auditors get the
 * audit trail. Unknown kinds get the overview, the requirements, threat intelligence and the
 * provider list only.
 */
export function navFor(orgKind: OrgKind | string, role: Role | string): NavItem[] {
  const items: NavItem[] = [OVERVIEW, REQUIREMENTS, INTEL];
  if (orgKind === 'operator' || orgKind === 'regulator') items.push(REGISTRY);
  if (orgKind === 'operator' || orgKind === 'provider' || orgKind === 'regulator') {
    items.push(ASSESSMENTS);
    if (orgKind === 'regulator') items.push(CAMPAIGNS);
    items.push(POSTURE);
  }
  if (orgKind === 'operator' || orgKind === 'cert' || orgKind === 'regulator') items.push(INCIDENTS);
  if (orgKind === 'operator' && ['admin', 'officer', 'auditor'].includes(role)) items.push(TRAINING);
  items.push(PROVIDERS);
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

/** Whether the user may register and categorise CII objects (operator or regulator admin/officer). */
export function canWriteObjects(orgKind: OrgKind | string, role: Role | string): boolean {
  return (orgKind === 'operator' || orgKind === 'regulator') && (role === 'admin' || role === 'officer');
}

/** Whether the user confirms or overrides categories and reviews assessments (regulator admin/officer). */
export function isRegulatorDecider(orgKind: OrgKind | string, role: Role | string): boolean {
  return orgKind === 'regulator' && (role === 'admin' || role === 'officer');
}

/** Whether the user may open an assessment of their own organisation's subject (admin/officer). */
export function canOpenAssessment(orgKind: OrgKind | string, role: Role | string): boolean {
  return (orgKind === 'operator' || orgKind === 'provider') && (role === 'admin' || role === 'officer');
}

/** Whether the user answers, submits and reopens organisation `ownerOrg`'s assessments (owner side). */
export function canAnswerAssessment(v: Viewer, ownerOrg: number): boolean {
  return v.orgId === ownerOrg && ['admin', 'officer', 'analyst'].includes(v.role);
}

/** Whether the user sees the national and per-sector posture (the regulator's people). */
export function canSeeNationalPosture(orgKind: OrgKind | string): boolean {
  return orgKind === 'regulator';
}

/** Whether the user declares their provider organisation's services (provider admin/officer). */
export function canDeclareServices(orgKind: OrgKind | string, role: Role | string): boolean {
  return orgKind === 'provider' && (role === 'admin' || role === 'officer');
}

/** Whether the user reports incidents and submits their stages (operator admin/officer/analyst). */
export function canReportIncident(orgKind: OrgKind | string, role: Role | string): boolean {
  return orgKind === 'operator' && ['admin', 'officer', 'analyst'].includes(role);
}

/** Whether the user triages incidents: status, severity, TLP, assignee, RFIs, requests, sharing. */
export function canTriageIncident(orgKind: OrgKind | string, role: Role | string): boolean {
  return orgKind === 'cert' && ['admin', 'officer', 'analyst'].includes(role);
}

/** Whether the user sees the incident statistics (the regulator's and the CERT's people). */
export function canSeeIncidentStats(orgKind: OrgKind | string, role: Role | string): boolean {
  return (orgKind === 'regulator' || orgKind === 'cert') && role !== 'machine';
}

/** Whether the user edits which regime applies to which sector (regulator admin/officer). */
export function canEditRegimes(orgKind: OrgKind | string, role: Role | string): boolean {
  return isRegulatorDecider(orgKind, role);
}

/** Whether the user plans campaigns: chooses subjects, profile and due date (regulator admin/officer). */
export function canPlanCampaign(orgKind: OrgKind | string, role: Role | string): boolean {
  return orgKind === 'regulator' && (role === 'admin' || role === 'officer');
}

/** Whether the user adds courses, staff, audiences and completions, and imports them (own admin/officer). */
export function canManageTraining(orgKind: OrgKind | string, role: Role | string): boolean {
  return orgKind === 'operator' && (role === 'admin' || role === 'officer');
}
