// Unit tests of the campaign helpers in src/campaigns.ts (node:test, no browser): routes, the
// board's counts, the create request built from the form, and the export links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const source = readFileSync(new URL('../src/campaigns.ts', import.meta.url), 'utf8');
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
const c = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);

const FORM = {
  name: ' Oil and gas 2027 ',
  description: '',
  profileId: '4',
  dueDate: '2027-06-30',
  mode: 'sector',
  sector: 'oil_and_gas',
  category: '',
  subjects: '',
};

test('routes: the list and one campaign', () => {
  assert.equal(c.parseCampaignRoute('#/campaigns'), null);
  assert.equal(c.parseCampaignRoute('#/campaigns/12'), 12);
  assert.equal(c.parseCampaignRoute('#/campaigns/12?state=draft'), 12);
  assert.equal(c.parseCampaignRoute('#/campaigns/0'), null);
  assert.equal(c.parseCampaignRoute('#/campaigns/abc'), null);
  assert.equal(c.parseCampaignRoute('#/assessments/12'), null);
  assert.equal(c.campaignHref.one(7), '#/campaigns/7');
});

test('counts come in display order with every state, overdue last', () => {
  const counts = c.stateCounts({ draft: 3, overdue: 2, bogus: 9, accepted: -1 });
  assert.deepEqual(counts.map((x) => x.state), [
    'not_started', 'draft', 'submitted', 'in_review', 'changes_requested', 'accepted', 'overdue',
  ]);
  assert.equal(counts[1].count, 3);
  assert.equal(counts[5].count, 0);  // nonsense is 0
  assert.equal(counts[6].count, 2);
});

test('accepted share and which rows stand out', () => {
  assert.equal(c.acceptedPercent({ accepted: 1 }, 3), 33);
  assert.equal(c.acceptedPercent({ accepted: 5 }, 0), 0);
  assert.equal(c.acceptedPercent({}, 4), 0);
  assert.equal(c.rowAttention({ state: 'overdue' }), 'overdue');
  assert.equal(c.rowAttention({ state: 'not_started' }), 'not-started');
  assert.equal(c.rowAttention({ state: 'submitted' }), null);
});

test('a campaign by sector: due at the end of the day, category only when chosen', () => {
  const r = c.campaignBody(FORM, '2026-11-28');
  assert.deepEqual(r, {
    body: {
      name: 'Oil and gas 2027',
      description: '',
      profile_id: 4,
      due_at: '2027-06-30T23:59:59Z',
      sector: 'oil_and_gas',
    },
  });
  assert.equal(c.campaignBody({ ...FORM, category: '2' }, '2026-11-28').body.category, 2);
  assert.equal(c.campaignBody({ ...FORM, category: '0' }, '2026-11-28').body.category, 0);
});

test('a campaign of listed subjects: ids deduplicated, anything else refused', () => {
  const r = c.campaignBody({ ...FORM, mode: 'subjects', subjects: '3, 5\n3 ;9' }, '2026-11-28');
  assert.deepEqual(r.body.subjects.map((s) => s.subject_id), [3, 5, 9]);
  assert.equal(r.body.sector, undefined);
  assert.deepEqual(c.campaignBody({ ...FORM, mode: 'subjects', subjects: '3, x' }, '2026-11-28'), {
    errorKey: 'campaigns.errorSubjects',
  });
  assert.deepEqual(c.campaignBody({ ...FORM, mode: 'subjects', subjects: ' ' }, '2026-11-28'), {
    errorKey: 'campaigns.errorSubjects',
  });
});

test('the form is checked before anything is sent', () => {
  assert.deepEqual(c.campaignBody({ ...FORM, name: '  ' }, '2026-11-28'), { errorKey: 'campaigns.errorName' });
  assert.deepEqual(c.campaignBody({ ...FORM, profileId: '' }, '2026-11-28'), { errorKey: 'campaigns.errorProfile' });
  assert.deepEqual(c.campaignBody({ ...FORM, dueDate: '30.06.2027' }, '2026-11-28'), { errorKey: 'campaigns.errorDue' });
  assert.deepEqual(c.campaignBody({ ...FORM, dueDate: '2026-11-27' }, '2026-11-28'), {
    errorKey: 'campaigns.errorDuePast',
  });
  assert.deepEqual(c.campaignBody({ ...FORM, sector: '' }, '2026-11-28'), { errorKey: 'campaigns.errorSector' });
});

test('board query and export links', () => {
  assert.equal(c.boardQuery('overdue', 50, null), '?state=overdue&limit=50');
  assert.equal(c.boardQuery('', 50, '17'), '?limit=50&cursor=17');
  assert.equal(c.boardQuery('late', 10, null), '?limit=10');  // unknown states are not sent
  assert.equal(c.exportUrl(12, 'oscal'), '/api/v1/assessments/12/export.oscal.json');
  assert.equal(c.exportUrl(12, 'csv'), '/api/v1/assessments/12/export.csv');
});
