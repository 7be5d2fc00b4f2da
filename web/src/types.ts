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

/** POST /api/v1/catalogs/{id}/publish: the published version and, for a profile, the directives
 * its resolution ignored ("PATH: message"). */
export interface PublishedVersion extends CatalogVersion {
  warnings?: string[];
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

// Threat intelligence: TAXII 2.1 collections and STIX 2.1 objects.

/** A TAXII collection as GET /taxii2/qalxan/collections/ lists it. */
export interface TaxiiCollection {
  id: string;
  title: string;
  description?: string;
  can_read: boolean;
  can_write: boolean;
  media_types?: string[];
}

/** A STIX 2.1 object; the properties the dashboard reads are named, the rest pass through. */
export interface StixObject {
  type: string;
  spec_version?: string;
  id: string;
  created?: string;
  modified?: string;
  name?: string;
  description?: string;
  pattern?: string;
  pattern_type?: string;
  valid_from?: string;
  valid_until?: string;
  revoked?: boolean;
  labels?: string[];
  indicator_types?: string[];
  object_marking_refs?: string[];
  granular_markings?: { marking_ref?: string; lang?: string; selectors?: string[] }[];
  x_qalxan_recipients?: number[];
  [property: string]: unknown;
}

/** A TAXII envelope: a page of objects. */
export interface TaxiiEnvelope {
  more?: boolean;
  next?: string;
  objects?: StixObject[];
}

/** A TAXII status resource (the answer to a POST of objects). */
export interface TaxiiStatus {
  id: string;
  status: 'pending' | 'complete' | string;
  request_timestamp?: string;
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  successes?: { id: string; version?: string; message?: string }[];
  failures?: { id: string; version?: string; message?: string }[];
  pendings?: { id: string; version?: string }[];
}

/** A row of GET /api/v1/intel/search. `tlp` is "clear", "green", "amber", "amber+strict" or "red". */
export interface IntelSearchItem {
  object: StixObject;
  tlp: string;
  producer_org: number;
  date_added: string;
}

/** Sightings of one organisation (named to the viewer). */
export interface OrgSightings {
  org_id: number;
  sightings: number;
  count: number;
  first_seen: string | null;
  last_seen: string | null;
}

/** A row of GET /api/v1/intel/sightings. */
export interface IndicatorSightings {
  indicator: string;
  organisations: number;
  anonymous_organisations: number;
  sightings: number;
  count: number;
  first_seen: string | null;
  last_seen: string | null;
  by_organisation: OrgSightings[];
  /** Per UTC day, oldest first; only when one indicator was asked for. */
  per_day?: DaySightings[];
}

/** Sightings reported for one UTC day (YYYY-MM-DD) of their last_seen. */
export interface DaySightings {
  date: string;
  sightings: number;
  count: number;
}

// CII registry and self-assessment (docs/api.md, "CII registry" and "Self-assessment").

export type ObjectKind = 'it' | 'ot';
export type CategoryStatus = 'proposed' | 'confirmed' | 'overridden';
/** 1 is the highest category; null: none. */
export type Category = 1 | 2 | 3 | null;

export interface CiiObject {
  id: number;
  owner_org: number;
  name: string;
  sector: string;
  kind: ObjectKind;
  description: string;
  location: string;
  responsible_person: string;
  depends_on: number[];
  category: Category;
  category_status: CategoryStatus | null;
  created_at: string;
  updated_at: string;
}

export interface OtZone {
  name: string;
  target_sl: number;
  description: string;
}

export interface OtConduit {
  name: string;
  from: string;
  to: string;
  description: string;
}

export interface OtArchitecture {
  zones: OtZone[];
  conduits: OtConduit[];
}

/** A criterion of the categorisation questionnaire (CRITERIA in src/registry.ts lists them). */
export type Criterion =
  | 'people'
  | 'economy'
  | 'environment'
  | 'defence'
  | 'state_administration'
  | 'dependent_cii';
export type Answers = Record<Criterion, number>;
/** Per criterion the least value reaching category 1, 2 and 3. */
export type Thresholds = Record<Criterion, [number, number, number]>;

export interface Categorisation {
  id: number;
  object_id: number;
  answers: Answers;
  thresholds_seq: number;
  computed: Category;
  status: CategoryStatus;
  decided: Category;
  reason: string;
  submitted_by: string;
  submitted_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

export interface ObjectView extends CiiObject {
  ot: OtArchitecture;
  dependents: number[];
  categorisation: Categorisation | null;
}

export interface ThresholdsView {
  thresholds: Thresholds;
  criteria: { name: Criterion; unit: string }[];
  seq: number;
  set_by: string;
  set_at: string | null;
}

export type ItemResult = 'unanswered' | 'compliant' | 'partial' | 'non_compliant' | 'not_applicable';
export type AssessmentStatus =
  | 'draft'
  | 'submitted'
  | 'in_review'
  | 'accepted'
  | 'changes_requested'
  | 'upgraded';

export interface Assessment {
  id: number;
  subject_kind: 'object' | 'provider';
  subject_id: number;
  owner_org: number;
  sector: string;
  category: Category;
  profile: { catalog_id: number; seq: number };
  special: { catalog_id: number; seq: number }[];
  status: AssessmentStatus;
  previous_id: number | null;
  superseded_by: number | null;
  campaign_id: number | null;
  due_at: string | null;
  score: number | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  submitted_at: string | null;
  decided_at: string | null;
}

export interface Evidence {
  id: number;
  assessment_id: number;
  catalog_id: number;
  control_id: string;
  sha256: string;
  size: number;
  filename: string;
  description: string;
  effective_at: string;
  expires_at: string | null;
  uploaded_by: string;
  uploaded_at: string;
  in_force: boolean;
}

export interface ReviewComment {
  id: number;
  catalog_id: number;
  control_id: string;
  body: string;
  author: string;
  author_org: number;
  at: string;
}

export interface RemediationAction {
  id: number;
  assessment_id: number;
  catalog_id: number;
  control_id: string;
  action: string;
  owner: string;
  due_at: string;
  status: 'open' | 'in_progress' | 'done';
  created_at: string;
  updated_at: string;
}

export interface Observation {
  id: number;
  control_id: string;
  source: string;
  result: 'pass' | 'fail' | 'error' | 'info';
  detail: string;
  observed_at: string;
}

export interface AssessmentItem {
  catalog_id: number;
  control_id: string;
  ordinal: number;
  title: string;
  group_path: string;
  result: ItemResult;
  justification: string;
  comment: string;
  flag: 'none' | 'changed' | 'new';
  previous_result: string | null;
  updated_at: string;
  updated_by: string;
  evidence: Evidence[];
  evidence_in_force: boolean;
  comments: ReviewComment[];
  remediation: RemediationAction[];
  observations: Observation[];
}

export interface Score {
  value: number | null;
  met: number;
  applicable: number;
  compliant: number;
  partial: number;
  non_compliant: number;
  not_applicable: number;
  unanswered: number;
  stale: number;
}

export interface AssessmentView extends Assessment {
  items: AssessmentItem[];
  live_score: Score;
  progress: { answered: number; total: number };
}

export interface Posture {
  score: number | null;
  subjects: number;
}

export interface SectorPosture extends Posture {
  sector: string;
}

export interface SeriesPoint {
  at: string;
  score: number | null;
  subjects: number;
}

export interface Provider {
  org_id: number;
  name: string;
  services: string[];
  sectors: string[];
  description: string;
  contact: string;
  declared_at: string;
  updated_at: string;
  conformity: 'not_assessed' | 'conformant' | 'partially_conformant';
  score: number | null;
  assessment_id: number | null;
  assessed_at: string | null;
}

// Incident reporting under statutory clocks (/api/v1/incidents, /api/v1/incident-regimes, /api/v1/incident-stats).

export type StageState = 'pending' | 'due' | 'due_soon' | 'overdue' | 'on_time' | 'late' | 'not_requested';
export type ImpactLevel = 'none' | 'low' | 'medium' | 'high';
export type IncidentSeverity = 'low' | 'medium' | 'high' | 'critical';
export type IncidentStatus = 'new' | 'triage' | 'in_progress' | 'resolved' | 'closed';
export type IncidentTlp = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';

export interface StageDefinition {
  key: string;
  name: string;
  anchor: 'awareness' | 'classification' | 'notification' | 'request';
  anchor_stage?: string;
  within: string;
  max_from_awareness: string | null;
  required_fields: string[];
  on_request: boolean;
}

export interface Regime {
  id: string;
  name: string;
  stages: StageDefinition[];
}

export interface RegimeSettings {
  items: Regime[];
  mapping: Record<string, string>;
  default: string;
}

export interface StageStatus {
  key: string;
  name: string;
  due_at: string | null;
  due_soon_at: string | null;
  submitted_at: string | null;
  submitted_by: string | null;
  state: StageState;
  on_request?: boolean;
  fields: Record<string, unknown> | null;
}

export interface IncidentIndicator {
  type: string;
  value: string;
}

export interface Incident {
  id: number;
  org_id: number;
  org_name: string;
  object_ids: number[];
  object_names: string[];
  sector: string;
  regime: string;
  title: string;
  description: string;
  detection_source: string;
  aware_at: string;
  classified_at: string | null;
  malicious: boolean;
  cross_border: boolean;
  affected_services: string;
  impact: { confidentiality: ImpactLevel; integrity: ImpactLevel; availability: ImpactLevel };
  severity: IncidentSeverity;
  tlp: IncidentTlp;
  status: IncidentStatus;
  assignee: string | null;
  indicators: IncidentIndicator[];
  created_at: string;
  created_by: string;
  stages: StageStatus[];
  next_due_at: string | null;
}

export interface NewIncident {
  object_ids: number[];
  title: string;
  description: string;
  detection_source: string;
  aware_at: string;
  classified_at?: string;
  malicious: boolean;
  cross_border: boolean;
  affected_services: string;
  impact: Incident['impact'];
  severity: IncidentSeverity;
  indicators: IncidentIndicator[];
}

export interface TimelineEntry {
  id: number;
  at: string;
  actor: string;
  org_id: number;
  kind: 'note' | 'status' | 'stage' | 'rfi' | 'answer' | 'share' | string;
  text: string;
  detail: Record<string, unknown>;
}

export interface IncidentAttachment {
  id: number;
  incident_id: number;
  filename: string;
  media_type: string;
  size: number;
  sha256: string;
  stage: string | null;
  uploaded_by: string;
  uploaded_at: string;
}

export interface Rfi {
  id: number;
  question: string;
  asked_by: string;
  asked_at: string;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
}

export interface IncidentStats {
  per_sector_month: { sector: string; month: string; count: number }[];
  on_time: { month: string; stages: number; on_time: number; share: number }[];
}

export interface IncidentShare {
  report_id: string;
  indicator_ids: string[];
  bundle: unknown;
}
