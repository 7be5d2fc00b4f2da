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
