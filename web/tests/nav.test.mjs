// Unit tests of navFor() and the access helpers in src/nav.ts (node:test, no browser).
// src/nav.ts is transpiled in memory with the TypeScript compiler the build already uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const source = readFileSync(new URL('../src/nav.ts', import.meta.url), 'utf8');
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
const nav = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);
const ids = (kind, role) => nav.navFor(kind, role).map((item) => item.id);

test('regulator admin, officer and auditor get overview, requirements, intel, organisations, audit', () => {
  for (const role of ['admin', 'officer', 'auditor']) {
    assert.deepEqual(ids('regulator', role), ['overview', 'requirements', 'intel', 'orgs', 'audit'], role);
  }
});

test('regulator analyst and staff get the overview, the requirements and intel only', () => {
  assert.deepEqual(ids('regulator', 'analyst'), ['overview', 'requirements', 'intel']);
  assert.deepEqual(ids('regulator', 'staff'), ['overview', 'requirements', 'intel']);
});

test('admins of other kinds get organisations but never the audit trail', () => {
  for (const kind of ['cert', 'operator', 'provider']) {
    assert.deepEqual(ids(kind, 'admin'), ['overview', 'requirements', 'intel', 'orgs'], kind);
  }
});

test('non-admins outside the regulator get the overview, the requirements and intel only', () => {
  for (const kind of ['cert', 'operator', 'provider']) {
    for (const role of ['officer', 'analyst', 'staff', 'auditor']) {
      assert.deepEqual(ids(kind, role), ['overview', 'requirements', 'intel'], `${kind} ${role}`);
    }
  }
});

test('everybody gets the requirements and threat intelligence, right after the overview', () => {
  for (const kind of ['regulator', 'cert', 'operator', 'provider', 'martian']) {
    for (const role of ['admin', 'officer', 'analyst', 'staff', 'auditor', 'root']) {
      assert.deepEqual(ids(kind, role).slice(0, 3), ['overview', 'requirements', 'intel'], `${kind} ${role}`);
    }
  }
});

test('unknown kinds and roles get the overview, the requirements and intel only', () => {
  assert.deepEqual(ids('martian', 'admin'), ['overview', 'requirements', 'intel', 'orgs']);
  assert.deepEqual(ids('regulator', 'root'), ['overview', 'requirements', 'intel']);
  assert.deepEqual(ids('', ''), ['overview', 'requirements', 'intel']);
});

test('every item has a hash route and a label key', () => {
  for (const item of nav.navFor('regulator', 'admin')) {
    assert.equal(item.href, `#/${item.id}`);
    assert.equal(item.labelKey, `nav.${item.id}`);
  }
});

test('only the regulator and CERT switch organisations', () => {
  assert.equal(nav.canSwitchOrg('regulator'), true);
  assert.equal(nav.canSwitchOrg('cert'), true);
  assert.equal(nav.canSwitchOrg('operator'), false);
  assert.equal(nav.canSwitchOrg('provider'), false);
});

test('only the regulator admin registers organisations', () => {
  assert.equal(nav.canRegisterOrg('regulator', 'admin'), true);
  assert.equal(nav.canRegisterOrg('regulator', 'officer'), false);
  assert.equal(nav.canRegisterOrg('cert', 'admin'), false);
});

test('users are listed by the regulator and by the org own admins, officers, auditors', () => {
  const regulatorAnalyst = { orgKind: 'regulator', role: 'analyst', orgId: 1 };
  const certAdmin = { orgKind: 'cert', role: 'admin', orgId: 2 };
  const operatorStaff = { orgKind: 'operator', role: 'staff', orgId: 3 };
  const operatorAuditor = { orgKind: 'operator', role: 'auditor', orgId: 3 };
  assert.equal(nav.canListUsers(regulatorAnalyst, 3), true);
  assert.equal(nav.canListUsers(certAdmin, 2), true);
  assert.equal(nav.canListUsers(certAdmin, 3), false);
  assert.equal(nav.canListUsers(operatorStaff, 3), false);
  assert.equal(nav.canListUsers(operatorAuditor, 3), true);
});

test('organisations are managed by their own admins and the regulator admin', () => {
  const regulatorAdmin = { orgKind: 'regulator', role: 'admin', orgId: 1 };
  const regulatorOfficer = { orgKind: 'regulator', role: 'officer', orgId: 1 };
  const operatorAdmin = { orgKind: 'operator', role: 'admin', orgId: 3 };
  assert.equal(nav.canManageOrg(regulatorAdmin, 3), true);
  assert.equal(nav.canManageOrg(regulatorOfficer, 3), false);
  assert.equal(nav.canManageOrg(operatorAdmin, 3), true);
  assert.equal(nav.canManageOrg(operatorAdmin, 4), false);
});

test('only the regulator admin and officer publish requirement drafts', () => {
  assert.equal(nav.canPublishRequirements('regulator', 'admin'), true);
  assert.equal(nav.canPublishRequirements('regulator', 'officer'), true);
  for (const role of ['analyst', 'staff', 'auditor']) {
    assert.equal(nav.canPublishRequirements('regulator', role), false, role);
  }
  for (const kind of ['cert', 'operator', 'provider']) {
    assert.equal(nav.canPublishRequirements(kind, 'admin'), false, kind);
    assert.equal(nav.canPublishRequirements(kind, 'officer'), false, kind);
  }
});

test('admins, officers and analysts share intel where the collection can be written', () => {
  for (const role of ['admin', 'officer', 'analyst']) {
    assert.equal(nav.canShareIntel(role, true), true, role);
    assert.equal(nav.canShareIntel(role, false), false, role);
  }
  for (const role of ['staff', 'auditor', 'root', '']) {
    assert.equal(nav.canShareIntel(role, true), false, role);
  }
});

test('only the CERT gets the most sighted indicators', () => {
  assert.equal(nav.canSeeMostSighted('cert'), true);
  for (const kind of ['regulator', 'operator', 'provider', 'martian']) {
    assert.equal(nav.canSeeMostSighted(kind), false, kind);
  }
});

test('the regulator and the CERT list every organisation', () => {
  assert.equal(nav.canListAllOrgs('regulator'), true);
  assert.equal(nav.canListAllOrgs('cert'), true);
  assert.equal(nav.canListAllOrgs('operator'), false);
  assert.equal(nav.canListAllOrgs('provider'), false);
});
