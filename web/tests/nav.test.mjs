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

// What each kind of organisation works with besides the overview, requirements and intel.
const WORK = {
  regulator: ['registry', 'assessments', 'campaigns', 'posture', 'incidents', 'providers'],
  cert: ['incidents', 'providers'],
  operator: ['registry', 'assessments', 'posture', 'incidents', 'providers'],
  provider: ['assessments', 'posture', 'providers'],
};
const BASE = ['overview', 'requirements', 'intel'];

test('regulator admin, officer and auditor get the registry, assessments, posture, providers, organisations, audit', () => {
  for (const role of ['admin', 'officer', 'auditor']) {
    assert.deepEqual(ids('regulator', role), [...BASE, ...WORK.regulator, 'orgs', 'audit'], role);
  }
});

test('regulator analyst and staff get no organisations and no audit trail', () => {
  assert.deepEqual(ids('regulator', 'analyst'), [...BASE, ...WORK.regulator]);
  assert.deepEqual(ids('regulator', 'staff'), [...BASE, ...WORK.regulator]);
});

// An operator's people who may see its staff (admin, officer, auditor) also get training.
const OPERATOR_TRAINING = ['registry', 'assessments', 'posture', 'incidents', 'training', 'providers'];
const work = (kind, role) =>
  kind === 'operator' && ['admin', 'officer', 'auditor'].includes(role) ? OPERATOR_TRAINING : WORK[kind];

test('admins of other kinds get organisations but never the audit trail', () => {
  for (const kind of ['cert', 'operator', 'provider']) {
    assert.deepEqual(ids(kind, 'admin'), [...BASE, ...work(kind, 'admin'), 'orgs'], kind);
  }
});

test('non-admins outside the regulator get their kind\'s pages but no organisations', () => {
  for (const kind of ['cert', 'operator', 'provider']) {
    for (const role of ['officer', 'analyst', 'staff', 'auditor']) {
      assert.deepEqual(ids(kind, role), [...BASE, ...work(kind, role)], `${kind} ${role}`);
    }
  }
});

test('only an operator\'s admins, officers and auditors get training; admins and officers manage it', () => {
  for (const role of ['admin', 'officer', 'auditor']) assert.ok(ids('operator', role).includes('training'), role);
  for (const role of ['analyst', 'staff', 'machine']) assert.ok(!ids('operator', role).includes('training'), role);
  for (const kind of ['regulator', 'cert', 'provider', 'martian']) assert.ok(!ids(kind, 'admin').includes('training'), kind);
  assert.equal(nav.canManageTraining('operator', 'admin'), true);
  assert.equal(nav.canManageTraining('operator', 'officer'), true);
  assert.equal(nav.canManageTraining('operator', 'auditor'), false);
  assert.equal(nav.canManageTraining('regulator', 'admin'), false);
});

test('operators and the regulator get the CII registry; the CERT and providers do not', () => {
  assert.ok(ids('operator', 'staff').includes('registry'));
  assert.ok(ids('regulator', 'staff').includes('registry'));
  assert.ok(!ids('cert', 'admin').includes('registry'));
  assert.ok(!ids('provider', 'admin').includes('registry'));
  assert.ok(!ids('cert', 'admin').includes('assessments'));
});

test('everybody gets the requirements and threat intelligence, right after the overview', () => {
  for (const kind of ['regulator', 'cert', 'operator', 'provider']) {
    for (const role of ['admin', 'officer', 'analyst', 'staff', 'auditor']) {
      assert.deepEqual(ids(kind, role).slice(0, 3), BASE, `${kind} ${role}`);
    }
  }
});

test('unknown kinds and roles get the overview, the requirements, intel and the provider list', () => {
  assert.deepEqual(ids('martian', 'admin'), [...BASE, 'providers', 'orgs']);
  assert.deepEqual(ids('regulator', 'root'), [...BASE, ...WORK.regulator]);
  assert.deepEqual(ids('', ''), [...BASE, 'providers']);
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

test('operator and regulator admins and officers write CII objects', () => {
  for (const kind of ['operator', 'regulator']) {
    assert.equal(nav.canWriteObjects(kind, 'admin'), true, kind);
    assert.equal(nav.canWriteObjects(kind, 'officer'), true, kind);
    assert.equal(nav.canWriteObjects(kind, 'analyst'), false, kind);
  }
  assert.equal(nav.canWriteObjects('provider', 'admin'), false);
  assert.equal(nav.canWriteObjects('cert', 'admin'), false);
});

test('only the regulator admin and officer decide categories and review assessments', () => {
  assert.equal(nav.isRegulatorDecider('regulator', 'admin'), true);
  assert.equal(nav.isRegulatorDecider('regulator', 'officer'), true);
  assert.equal(nav.isRegulatorDecider('regulator', 'auditor'), false);
  assert.equal(nav.isRegulatorDecider('operator', 'admin'), false);
});

test('owners open assessments (admin, officer) and answer them (also analysts) for their own org only', () => {
  assert.equal(nav.canOpenAssessment('operator', 'officer'), true);
  assert.equal(nav.canOpenAssessment('provider', 'admin'), true);
  assert.equal(nav.canOpenAssessment('operator', 'analyst'), false);
  assert.equal(nav.canOpenAssessment('regulator', 'admin'), false);
  const analyst = { orgKind: 'operator', role: 'analyst', orgId: 3 };
  assert.equal(nav.canAnswerAssessment(analyst, 3), true);
  assert.equal(nav.canAnswerAssessment(analyst, 4), false);
  assert.equal(nav.canAnswerAssessment({ ...analyst, role: 'staff' }, 3), false);
  assert.equal(nav.canAnswerAssessment({ orgKind: 'regulator', role: 'admin', orgId: 1 }, 3), false);
});

test('only the regulator sees the national and sector posture', () => {
  assert.equal(nav.canSeeNationalPosture('regulator'), true);
  for (const kind of ['cert', 'operator', 'provider']) assert.equal(nav.canSeeNationalPosture(kind), false, kind);
});

test('only a provider\'s admins and officers declare its services', () => {
  assert.equal(nav.canDeclareServices('provider', 'admin'), true);
  assert.equal(nav.canDeclareServices('provider', 'officer'), true);
  assert.equal(nav.canDeclareServices('provider', 'analyst'), false);
  assert.equal(nav.canDeclareServices('operator', 'admin'), false);
  assert.equal(nav.canDeclareServices('regulator', 'admin'), false);
});

test('operators, the CERT and the regulator get incidents; providers and unknown kinds do not', () => {
  for (const kind of ['operator', 'cert', 'regulator']) {
    for (const role of ['admin', 'officer', 'analyst', 'staff', 'auditor']) {
      assert.ok(ids(kind, role).includes('incidents'), `${kind} ${role}`);
    }
  }
  assert.ok(!ids('provider', 'admin').includes('incidents'));
  assert.ok(!ids('martian', 'admin').includes('incidents'));
});

test('operator admins, officers and analysts report incidents; the CERT triages', () => {
  for (const role of ['admin', 'officer', 'analyst']) {
    assert.equal(nav.canReportIncident('operator', role), true, role);
    assert.equal(nav.canTriageIncident('cert', role), true, role);
  }
  for (const role of ['staff', 'auditor']) {
    assert.equal(nav.canReportIncident('operator', role), false, role);
    assert.equal(nav.canTriageIncident('cert', role), false, role);
  }
  assert.equal(nav.canReportIncident('cert', 'admin'), false);
  assert.equal(nav.canReportIncident('regulator', 'admin'), false);
  assert.equal(nav.canTriageIncident('operator', 'admin'), false);
  assert.equal(nav.canTriageIncident('regulator', 'admin'), false);
});

test('the regulator and the CERT see incident statistics; regulator admins and officers edit regimes', () => {
  assert.equal(nav.canSeeIncidentStats('regulator', 'staff'), true);
  assert.equal(nav.canSeeIncidentStats('cert', 'analyst'), true);
  assert.equal(nav.canSeeIncidentStats('operator', 'admin'), false);
  assert.equal(nav.canEditRegimes('regulator', 'admin'), true);
  assert.equal(nav.canEditRegimes('regulator', 'officer'), true);
  assert.equal(nav.canEditRegimes('regulator', 'analyst'), false);
  assert.equal(nav.canEditRegimes('cert', 'admin'), false);
});

test('only the regulator gets campaigns, and only its admins and officers plan them', () => {
  for (const kind of ['cert', 'operator', 'provider']) assert.ok(!ids(kind, 'admin').includes('campaigns'), kind);
  assert.ok(ids('regulator', 'staff').includes('campaigns'));
  assert.equal(nav.canPlanCampaign('regulator', 'admin'), true);
  assert.equal(nav.canPlanCampaign('regulator', 'officer'), true);
  assert.equal(nav.canPlanCampaign('regulator', 'auditor'), false);
  assert.equal(nav.canPlanCampaign('operator', 'admin'), false);
});
