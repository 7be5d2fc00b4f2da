// Unit tests of the agent helpers in src/agents.ts (node:test, no browser): the object's agents
// in order, their state, and the enrolment command. Transpiled like src/nav.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const source = readFileSync(new URL('../src/agents.ts', import.meta.url), 'utf8');
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
const ag = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);

const agent = (over) => ({ id: 1, object_id: 7, hostname: 'hmi', revoked: false, last_seen_at: null, ...over });

test('state: revoked wins, then whether results ever came', () => {
  assert.equal(ag.agentState(agent({})), 'waiting');
  assert.equal(ag.agentState(agent({ last_seen_at: '2026-11-29T05:00:00Z' })), 'reporting');
  assert.equal(ag.agentState(agent({ revoked: true, last_seen_at: '2026-11-29T05:00:00Z' })), 'revoked');
});

test('only the object\'s agents, active first, then by host name and id', () => {
  const items = [
    agent({ id: 1, hostname: 'scada-2' }),
    agent({ id: 2, hostname: 'hmi-1', revoked: true }),
    agent({ id: 3, hostname: 'hmi-1' }),
    agent({ id: 4, hostname: 'other', object_id: 8 }),
    agent({ id: 5, hostname: 'hmi-1' }),
  ];
  assert.deepEqual(ag.agentsOfObject(items, 7).map((a) => a.id), [3, 5, 1, 2]);
  assert.deepEqual(ag.agentsOfObject(items, 9), []);
});

test('the enrolment command names the server and the token', () => {
  assert.equal(
    ag.enrolCommand('https://qalxan.gov.az', 'qxe_abc'),
    'qalxan-agent enrol --server https://qalxan.gov.az --token qxe_abc',
  );
});

test('an enrolment request file gives its key, host and machine id, and nothing else', () => {
  const file = JSON.stringify({
    kind: 'qalxan-agent-enrolment-request',
    public_key: 'ab'.repeat(32),
    key_id: '0123456789abcdef',
    hostname: 'hmi-07',
    machine_id: 'm-1',
    created_at: '2026-11-29T12:00:00Z',
    token: 'qxe_never_sent',
  });
  assert.deepEqual(ag.parseEnrolmentRequest(file), { public_key: 'ab'.repeat(32), hostname: 'hmi-07', machine_id: 'm-1' });
  const minimal = { kind: 'qalxan-agent-enrolment-request', public_key: 'cd'.repeat(32), hostname: 'h' };
  assert.deepEqual(ag.parseEnrolmentRequest(JSON.stringify(minimal)), {
    public_key: 'cd'.repeat(32),
    hostname: 'h',
    machine_id: '',
  });
});

test('anything but an enrolment request file is refused before it is posted', () => {
  const key = 'ab'.repeat(32);
  const kind = '"kind":"qalxan-agent-enrolment-request"';
  for (const text of ['', 'not json', '[]', 'null', '42', `{${kind},"hostname":"h"}`, `{${kind},"public_key":"${key}"}`,
    `{${kind},"public_key":1,"hostname":"h"}`, `{${kind},"public_key":"${key}","hostname":"h","machine_id":5}`,
    `{"public_key":"${key}","hostname":"h"}`, `{"kind":"other",  "public_key":"${key}","hostname":"h"}`,
    `{${kind},"public_key":"${key.toUpperCase()}","hostname":"h"}`, `{${kind},"public_key":"ab","hostname":"h"}`]) {
    assert.equal(ag.parseEnrolmentRequest(text), null, text);
  }
  assert.match(ag.OFFLINE_ENROL_COMMAND, /^qalxan-agent enrol --offline --out \S+$/);
});
