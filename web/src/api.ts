// The one place that talks HTTP to the qalxan server: cookies, CSRF header, JSON, error shape;
// the REST API and, for threat intelligence, TAXII 2.1 with its own media type and error shape.
import type {
  AuditRecord,
  Catalog,
  CatalogDetail,
  CatalogDiff,
  PublishedVersion,
  CreatedToken,
  IndicatorSightings,
  IntelSearchItem,
  Answers,
  Assessment,
  AssessmentView,
  Categorisation,
  CiiObject,
  Evidence,
  ItemResult,
  ObjectView,
  Org,
  OtArchitecture,
  Page,
  Posture,
  Provider,
  RemediationAction,
  ReviewComment,
  SectorPosture,
  SeriesPoint,
  ThresholdsView,
  RequirementDetail,
  RequirementRow,
  Session,
  SigningKey,
  StixObject,
  TaxiiCollection,
  TaxiiEnvelope,
  TaxiiStatus,
  Token,
  User,
  Incident,
  IncidentShare,
  IncidentStats,
  NewIncident,
  Regime,
  RegimeSettings,
  IncidentAttachment,
  Rfi,
  TimelineEntry,
} from './types';
import type { Board, Campaign, CampaignBody, CreatedCampaign } from './campaigns';
import { boardQuery } from './campaigns';
import type { ImportReport } from './object_import';
import type { Agent, Enrolment, OfflineEnrolmentRequest } from './agents';
import type { Audience, CompletionImportReport, Course, MemberStatus, StaffMember } from './training';

/** A failed request: the server's error code and message (docs/api.md error shape). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole parsed answer, for errors that carry more than code and message. */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken = '';
let onUnauthenticated: (() => void) | null = null;

/** Remembers the session's CSRF token; every state-changing request carries it. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when a request (other than the session calls) answers 401: the session has ended. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request body sent as it is (a file's bytes) rather than as JSON. */
class RawBody {
  constructor(
    readonly data: Blob,
    readonly type: string,
  ) {}
}

async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, credentials: 'same-origin', headers, cache: 'no-store' };
  if (method !== 'GET') {
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    if (body instanceof RawBody) {
      headers['Content-Type'] = body.type;
      init.body = body.data;
    } else {
      headers['Content-Type'] = 'application/json';
      if (method !== 'DELETE') init.body = JSON.stringify(body ?? {});
    }
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'unavailable', '');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    const err = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const code = typeof err?.code === 'string' ? err.code : 'internal';
    const message = typeof err?.message === 'string' ? err.message : '';
    if (response.status === 401 && !path.startsWith('/api/v1/session')) onUnauthenticated?.();
    throw new ApiError(response.status, code, message, parsed);
  }
  return parsed as T;
}

/** The media type of every TAXII 2.1 request and answer (docs/api.md, "Threat intelligence"). */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

/**
 * A TAXII request with the session cookie: TAXII's Accept header, and on POST its Content-Type
 * and the CSRF header. TAXII errors ({"title", "description", "http_status"}) become ApiError
 * with the title as code and the description as message.
 */
async function taxiiRequest<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: TAXII_MEDIA_TYPE };
  const init: RequestInit = { method, credentials: 'same-origin', headers, cache: 'no-store' };
  if (method === 'POST') {
    headers['Content-Type'] = TAXII_MEDIA_TYPE;
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    init.body = JSON.stringify(body ?? {});
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'unavailable', '');
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    const err = parsed as { title?: unknown; description?: unknown } | undefined;
    const code = typeof err?.title === 'string' ? err.title : 'internal';
    const message = typeof err?.description === 'string' ? err.description : '';
    if (response.status === 401) onUnauthenticated?.();
    throw new ApiError(response.status, code, message);
  }
  return (parsed ?? {}) as T;
}

function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface ListParams {
  limit?: number;
  cursor?: string | null;
}

export interface AuditParams extends ListParams {
  org?: number | null;
  actor?: string;
  since?: string;
  until?: string;
}

export interface RequirementParams extends ListParams {
  q?: string;
  sector?: string;
  category?: number | null;
}

export interface IntelSearchParams extends ListParams {
  collection: string;
  q?: string;
  type?: string;
}

export interface TaxiiObjectParams {
  /** match[id]: any of these ids. */
  ids?: string[];
  /** match[type]: any of these types. */
  types?: string[];
  limit?: number;
  next?: string | null;
}

const TAXII_ROOT = '/taxii2/qalxan';
const collectionPath = (id: string) => `${TAXII_ROOT}/collections/${encodeURIComponent(id)}`;

/** A catalog version in a path: a number or "latest". */
export type SeqRef = number | 'latest';

const catalogPath = (id: number) => `/api/v1/catalogs/${id}`;
const versionPath = (id: number, seq: SeqRef) => `${catalogPath(id)}/versions/${seq}`;

/** The signed publication of a published (or superseded) version, as a download URL. */
export function signedPublicationUrl(id: number, seq: number): string {
  return `${versionPath(id, seq)}/signed`;
}

export interface ObjectParams extends ListParams {
  org?: number | null;
  sector?: string;
  /** 0: uncategorised. */
  category?: number | null;
}

export interface NewObject {
  name: string;
  kind: 'it' | 'ot';
  sector?: string;
  description?: string;
  location?: string;
  responsible_person?: string;
  depends_on?: number[];
  owner_org?: number;
}

export type CategoryDecision =
  | { decision: 'confirm'; reason?: string }
  | { decision: 'override'; category: 1 | 2 | 3 | null; reason: string };

export interface AssessmentParams extends ListParams {
  org?: number | null;
  status?: string;
  subject_id?: number | null;
}

export interface NewEvidence {
  filename: string;
  description?: string;
  /** RFC 3339. */
  effective?: string;
  /** RFC 3339. */
  expires?: string;
}

export type ReviewStep = 'submit' | 'reopen' | 'start_review' | 'accept' | 'request_changes';
export type SeriesScope = 'nation' | 'sector' | 'org' | 'subject';

const assessmentPath = (id: number) => `/api/v1/assessments/${id}`;
const itemPath = (id: number, catalog: number, control: string) =>
  `${assessmentPath(id)}/items/${catalog}/${encodeURIComponent(control)}`;

/** An incident attachment's bytes as a download (always application/octet-stream, as an attachment). */
export function incidentAttachmentUrl(incident: number, attachment: number): string {
  return `/api/v1/incidents/${incident}/attachments/${attachment}/content`;
}

/** An evidence file's bytes as a download (always application/octet-stream, as an attachment). */
export function evidenceContentUrl(id: number): string {
  return `/api/v1/evidence/${id}/content`;
}

export interface IncidentParams extends ListParams {
  status?: string;
  org?: number | null;
}

/** What the CERT changes in triage (PATCH /incidents/{id}); assignee null unassigns. */
export interface TriageChange {
  status?: string;
  severity?: string;
  tlp?: string;
  assignee?: string | null;
}

const incidentPath = (id: number) => `/api/v1/incidents/${id}`;

export const api = {
  getSession: () => request<Session>('GET', '/api/v1/session'),
  login: (username: string, password: string) =>
    request<Session>('POST', '/api/v1/session', { username, password }),
  logout: () => request<void>('DELETE', '/api/v1/session'),

  listOrgs: (p: ListParams = {}) => request<Page<Org>>('GET', `/api/v1/orgs${query({ ...p })}`),
  getOrg: (id: number) => request<Org>('GET', `/api/v1/orgs/${id}`),
  createOrg: (body: { name: string; kind: string; sector: string }) =>
    request<Org>('POST', '/api/v1/orgs', body),

  listUsers: (orgId: number, p: ListParams = {}) =>
    request<Page<User>>('GET', `/api/v1/orgs/${orgId}/users${query({ ...p })}`),
  createUser: (
    orgId: number,
    body: { username: string; display_name: string; role: string; password: string },
  ) => request<User>('POST', `/api/v1/orgs/${orgId}/users`, body),
  setUserDisabled: (userId: number, disabled: boolean) =>
    request<void>('POST', `/api/v1/users/${userId}/${disabled ? 'disable' : 'enable'}`),

  listTokens: (orgId: number, p: ListParams = {}) =>
    request<Page<Token>>('GET', `/api/v1/orgs/${orgId}/tokens${query({ ...p })}`),
  createToken: (orgId: number, body: { name: string; role: string; expires_in_days: number }) =>
    request<CreatedToken>('POST', `/api/v1/orgs/${orgId}/tokens`, body),
  revokeToken: (tokenId: number) => request<void>('DELETE', `/api/v1/tokens/${tokenId}`),

  listAudit: (p: AuditParams = {}) =>
    request<Page<AuditRecord>>('GET', `/api/v1/audit${query({ ...p })}`),

  listKeys: () => request<{ keys: SigningKey[] }>('GET', '/api/v1/keys'),
  listCatalogs: (p: ListParams = {}) =>
    request<Page<Catalog>>('GET', `/api/v1/catalogs${query({ ...p })}`),
  getCatalog: (id: number) => request<CatalogDetail>('GET', catalogPath(id)),
  publishCatalog: (id: number) => request<PublishedVersion>('POST', `${catalogPath(id)}/publish`),
  diffCatalog: (id: number, from: number, to: number) =>
    request<CatalogDiff>('GET', `${catalogPath(id)}/diff${query({ from, to })}`),
  listRequirements: (id: number, seq: SeqRef, p: RequirementParams = {}) =>
    request<Page<RequirementRow>>('GET', `${versionPath(id, seq)}/requirements${query({ ...p })}`),
  getRequirement: (id: number, seq: SeqRef, control: string, lang: string) =>
    request<RequirementDetail>(
      'GET',
      `${versionPath(id, seq)}/requirements/${encodeURIComponent(control)}${query({ lang })}`,
    ),
  /** The effective OSCAL catalog of a version (a profile's resolved catalog), translated. */
  getOscal: (id: number, seq: SeqRef, lang: string) =>
    request<unknown>('GET', `${versionPath(id, seq)}/oscal${query({ lang })}`),

  /** The TAXII collections the user may read or write (the answer omits an empty list). */
  taxiiCollections: () =>
    taxiiRequest<{ collections?: TaxiiCollection[] }>('GET', `${TAXII_ROOT}/collections/`).then(
      (r) => r.collections ?? [],
    ),
  /** The latest readable versions of a collection's objects, filtered by id and type. */
  taxiiObjects: (collectionId: string, p: TaxiiObjectParams = {}) =>
    taxiiRequest<TaxiiEnvelope>(
      'GET',
      `${collectionPath(collectionId)}/objects/${query({
        'match[id]': p.ids?.join(','),
        'match[type]': p.types?.join(','),
        limit: p.limit,
        next: p.next,
      })}`,
    ),
  /** Adds objects to a collection (a TAXII envelope); answers the status resource. */
  taxiiAddObjects: (collectionId: string, objects: StixObject[]) =>
    taxiiRequest<TaxiiStatus>('POST', `${collectionPath(collectionId)}/objects/`, { objects }),
  intelSearch: (p: IntelSearchParams) =>
    request<Page<IntelSearchItem>>('GET', `/api/v1/intel/search${query({ ...p })}`),
  /** Sightings per indicator, most sighted first; of one indicator when `indicator` is given. */
  intelSightings: (p: { indicator?: string; limit?: number } = {}) =>
    request<{ items: IndicatorSightings[] }>('GET', `/api/v1/intel/sightings${query({ ...p })}`),

  listObjects: (p: ObjectParams = {}) =>
    request<Page<CiiObject>>('GET', `/api/v1/objects${query({ ...p })}`),
  createObject: (body: NewObject) => request<CiiObject>('POST', '/api/v1/objects', body),
  /** A file with errors answers 400 with the report: it comes back as the error's body. */
  importObjects: (file: Blob, p: { org?: number; dry_run: boolean }) =>
    request<ImportReport>(
      'POST',
      `/api/v1/objects/import${query({ org: p.org, dry_run: p.dry_run ? 'true' : null })}`,
      new RawBody(file, 'text/csv'),
    ),
  getObject: (id: number) => request<ObjectView>('GET', `/api/v1/objects/${id}`),
  listAgents: (org: number) => request<{ items: Agent[] }>('GET', `/api/v1/agents${query({ org })}`),
  createAgentEnrolment: (objectId: number) =>
    request<Enrolment>('POST', `/api/v1/objects/${objectId}/agent-enrolments`, {}),
  revokeAgent: (id: number) => request<Agent>('POST', `/api/v1/agents/${id}/revoke`, {}),
  enrolOfflineAgent: (objectId: number, req: OfflineEnrolmentRequest) =>
    request<Agent>('POST', `/api/v1/objects/${objectId}/agents`, req),
  setOt: (id: number, ot: OtArchitecture) =>
    request<OtArchitecture>('PUT', `/api/v1/objects/${id}/ot`, ot),
  categorisations: (id: number) =>
    request<{ items: Categorisation[] }>('GET', `/api/v1/objects/${id}/categorisations`),
  categorise: (id: number, answers: Answers) =>
    request<Categorisation>('POST', `/api/v1/objects/${id}/categorisations`, { answers }),
  decideCategory: (id: number, cid: number, decision: CategoryDecision) =>
    request<Categorisation>('POST', `/api/v1/objects/${id}/categorisations/${cid}/decision`, decision),
  thresholds: () => request<ThresholdsView>('GET', '/api/v1/categorisation/thresholds'),

  /** The public provider list: answered without credentials too. */
  listProviders: (p: ListParams = {}) =>
    request<Page<Provider>>('GET', `/api/v1/providers${query({ ...p })}`),
  declareProvider: (
    orgId: number,
    body: { services: string[]; sectors: string[]; description: string; contact: string },
  ) => request<unknown>('PUT', `/api/v1/providers/${orgId}/declaration`, body),

  listAssessments: (p: AssessmentParams = {}) =>
    request<Page<Assessment>>('GET', `/api/v1/assessments${query({ ...p })}`),
  createAssessment: (body: { subject_kind: 'object' | 'provider'; subject_id: number }) =>
    request<Assessment>('POST', '/api/v1/assessments', body),
  getAssessment: (id: number) => request<AssessmentView>('GET', assessmentPath(id)),
  /** One step of the flow: the owner's submit/reopen, the regulator's review steps. */
  assessmentStep: (id: number, step: ReviewStep) =>
    request<Assessment>('POST', `${assessmentPath(id)}/${step}`),
  answerItem: (
    id: number,
    catalog: number,
    control: string,
    body: { result: ItemResult; justification?: string; comment?: string },
  ) => request<unknown>('PUT', itemPath(id, catalog, control), body),
  commentItem: (id: number, catalog: number, control: string, body: string) =>
    request<ReviewComment>('POST', `${itemPath(id, catalog, control)}/comments`, { body }),
  uploadEvidence: (id: number, catalog: number, control: string, file: Blob, meta: NewEvidence) =>
    request<Evidence>(
      'POST',
      `${itemPath(id, catalog, control)}/evidence${query({ ...meta })}`,
      new RawBody(file, 'application/octet-stream'),
    ),
  deleteEvidence: (id: number) => request<void>('DELETE', `/api/v1/evidence/${id}`),
  addRemediation: (
    id: number,
    catalog: number,
    control: string,
    body: { action: string; owner: string; due_at: string },
  ) => request<RemediationAction>('POST', `${itemPath(id, catalog, control)}/remediation`, body),

  listCampaigns: (p: ListParams = {}) =>
    request<Page<Campaign>>('GET', `/api/v1/campaigns${query({ ...p })}`),
  getCampaign: (id: number) => request<Campaign>('GET', `/api/v1/campaigns/${id}`),
  createCampaign: (body: CampaignBody) => request<CreatedCampaign>('POST', '/api/v1/campaigns', body),
  /** Counts by state and a page of rows (of `state` when it is one). */
  campaignBoard: (id: number, state: string, limit: number, cursor: string | null) =>
    request<Board>('GET', `/api/v1/campaigns/${id}/board${boardQuery(state, limit, cursor)}`),

  orgPosture: (orgId: number) =>
    request<Posture & { org_id: number }>('GET', `/api/v1/orgs/${orgId}/posture`),
  nationPosture: () => request<Posture>('GET', '/api/v1/posture/nation'),
  sectorPosture: () => request<{ items: SectorPosture[] }>('GET', '/api/v1/posture/sectors'),
  postureSeries: (scope: SeriesScope, key: string) =>
    request<{ items: SeriesPoint[] }>('GET', `/api/v1/posture/series${query({ scope, key })}`),

  incidentRegimes: () => request<RegimeSettings>('GET', '/api/v1/incident-regimes'),
  putRegimeMapping: (mapping: Record<string, string>) =>
    request<{ mapping: Record<string, string> }>('PUT', '/api/v1/incident-regimes/mapping', { mapping }),
  putNationalRegime: (regime: Regime) => request<Regime>('PUT', '/api/v1/incident-regimes/national', regime),
  listIncidents: (p: IncidentParams = {}) =>
    request<Page<Incident>>('GET', `/api/v1/incidents${query({ ...p })}`),
  reportIncident: (body: NewIncident) => request<Incident>('POST', '/api/v1/incidents', body),
  getIncident: (id: number) => request<Incident>('GET', incidentPath(id)),
  triageIncident: (id: number, change: TriageChange) => request<Incident>('PATCH', incidentPath(id), change),
  submitStage: (id: number, key: string, fields: Record<string, string>) =>
    request<Incident>('POST', `${incidentPath(id)}/stages/${encodeURIComponent(key)}`, { fields }),
  requestStage: (id: number, key: string) =>
    request<Incident>('POST', `${incidentPath(id)}/stages/${encodeURIComponent(key)}/request`),
  incidentTimeline: (id: number, p: ListParams = {}) =>
    request<Page<TimelineEntry>>('GET', `${incidentPath(id)}/timeline${query({ ...p })}`),
  addIncidentNote: (id: number, text: string) =>
    request<TimelineEntry>('POST', `${incidentPath(id)}/timeline`, { text }),
  incidentRfis: (id: number, p: ListParams = {}) =>
    request<Page<Rfi>>('GET', `${incidentPath(id)}/rfis${query({ ...p })}`),
  askRfi: (id: number, question: string) => request<Rfi>('POST', `${incidentPath(id)}/rfis`, { question }),
  answerRfi: (id: number, rfi: number, answer: string) =>
    request<Rfi>('POST', `${incidentPath(id)}/rfis/${rfi}/answer`, { answer }),
  incidentAttachments: (id: number) =>
    request<{ items: IncidentAttachment[] }>('GET', `${incidentPath(id)}/attachments`),
  /** The file's bytes are the body; its type goes as the Content-Type, its name in the query. */
  attachToIncident: (id: number, file: File, stage?: string) =>
    request<IncidentAttachment>(
      'POST',
      `${incidentPath(id)}/attachments${query({ filename: file.name, stage })}`,
      new RawBody(file, file.type || 'application/octet-stream'),
    ),
  shareIncident: (id: number, tlp: string, collectionId: string) =>
    request<IncidentShare>('POST', `${incidentPath(id)}/share`, { tlp, collection_id: collectionId }),
  incidentStats: (months = 12) => request<IncidentStats>('GET', `/api/v1/incident-stats${query({ months })}`),

  trainingCourses: (org: number) => request<{ items: Course[] }>('GET', `/api/v1/orgs/${org}/training/courses`),
  createCourse: (org: number, body: { title: string; description?: string; recurrence_months: number }) =>
    request<Course>('POST', `/api/v1/orgs/${org}/training/courses`, body),
  trainingStaff: (org: number, p: ListParams = {}) =>
    request<Page<StaffMember>>('GET', `/api/v1/orgs/${org}/training/staff${query({ ...p })}`),
  addStaff: (org: number, body: { staff_ref: string; name: string; email?: string }) =>
    request<StaffMember>('POST', `/api/v1/orgs/${org}/training/staff`, body),
  trainingAudiences: (org: number) =>
    request<{ items: Audience[] }>('GET', `/api/v1/orgs/${org}/training/audiences`),
  createAudience: (org: number, body: { name: string; description?: string; members: number[] }) =>
    request<Audience>('POST', `/api/v1/orgs/${org}/training/audiences`, body),
  courseStatus: (org: number, course: number, audience: number) =>
    request<{ items: MemberStatus[] }>('GET', `/api/v1/orgs/${org}/training/courses/${course}/status${query({ audience })}`),
  recordCompletion: (org: number, c: { staff_id: number; course_id: number; completed_on: string }) =>
    request<{ items: unknown[] }>('POST', `/api/v1/orgs/${org}/training/completions`, { completions: [c] }),
  /** A file with errors answers 400 with the report: it comes back as the error's body. */
  importCompletions: (org: number, file: Blob, dryRun: boolean) =>
    request<CompletionImportReport>(
      'POST',
      `/api/v1/orgs/${org}/training/completions/import${query({ dry_run: dryRun ? 'true' : null })}`,
      new RawBody(file, 'text/csv'),
    ),
};

/** Fetches every page of a list (bounded: at most `maxPages` requests). */
export async function fetchAll<T>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  maxPages = 20,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const page: Page<T> = await fetchPage(cursor);
    items.push(...page.items);
    if (!page.next) break;
    cursor = page.next;
  }
  return items;
}
