// Host assessment agents on an object's page, as pure functions: which agents belong to the
// object, what state each is in, and the command that enrols a host with a one-time token.

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
