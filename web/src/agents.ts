// Host assessment agents on an object's page, as pure functions: which agents belong to the
// object, what state each is in, the command that enrols a host with a one-time token, and the
// reading of an air-gapped host's enrolment request file.

/** GET /api/v1/agents item (docs/api.md, "Host assessment agents"). */
export interface Agent {
  id: number;
  object_id: number;
  org_id: number;
  hostname: string;
  machine_id: string;
  key_id: string;
  public_key: string;
  enrolled_at: string;
  last_sequence: number;
  last_seen_at: string | null;
  revoked: boolean;
  /** Enrolled from an air-gapped host's request file: no credential, results only by import. */
  offline: boolean;
}

/** POST /api/v1/objects/{id}/agent-enrolments answer: the token is shown once. */
export interface Enrolment {
  id: number;
  token: string;
  object_id: number;
  expires_at: string;
}

export type AgentState = 'revoked' | 'waiting' | 'reporting';

/** Revoked wins; an agent that never posted results is waiting for its first run. */
export function agentState(a: Pick<Agent, 'revoked' | 'last_seen_at'>): AgentState {
  if (a.revoked) return 'revoked';
  return a.last_seen_at ? 'reporting' : 'waiting';
}

/** The object's agents, active ones first, then by host name. */
export function agentsOfObject(items: Agent[], objectId: number): Agent[] {
  return items
    .filter((a) => a.object_id === objectId)
    .sort((x, y) => Number(x.revoked) - Number(y.revoked) || x.hostname.localeCompare(y.hostname) || x.id - y.id);
}

/** What the operator runs on the host (as root, where the agent reads the whole system). */
export function enrolCommand(origin: string, token: string): string {
  return `qalxan-agent enrol --server ${origin} --token ${token}`;
}

/** What an air-gapped host runs to write its enrolment request file (no network, no token). */
export const OFFLINE_ENROL_COMMAND = 'qalxan-agent enrol --offline --out enrol-request.json';

/** The body of POST /api/v1/objects/{id}/agents: what the request file names, nothing else. */
export interface OfflineEnrolmentRequest {
  public_key: string;
  hostname: string;
  machine_id: string;
}

/** A request file is about 300 bytes; a bigger file is not one and is not read. */
export const MAX_ENROLMENT_REQUEST_BYTES = 16 * 1024;

/**
 * The request file's fields, or null when the text is not such a file: not JSON, not an object,
 * not of the kind `qalxan-agent enrol --offline` writes, no public key of 64 lower-case hex digits,
 * no hostname string. The server checks the key and the limits again; this keeps a wrong file
 * from being posted, so that its user reads why in their own language.
 */
export function parseEnrolmentRequest(text: string): OfflineEnrolmentRequest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  if (o.kind !== 'qalxan-agent-enrolment-request') return null;
  if (typeof o.public_key !== 'string' || !/^[0-9a-f]{64}$/.test(o.public_key) || typeof o.hostname !== 'string') {
    return null;
  }
  if (o.machine_id !== undefined && typeof o.machine_id !== 'string') return null;
  return { public_key: o.public_key, hostname: o.hostname, machine_id: typeof o.machine_id === 'string' ? o.machine_id : '' };
}
