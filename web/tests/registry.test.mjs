// Unit tests of the registry and assessment helpers in src/registry.ts (node:test, no browser):
// sub-routes, the categorisation rule, what a submission lacks, percentages, dates and the
// posture chart's geometry. The file is transpiled in memory like src/nav.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const source = readFileSync(new URL('../src/registry.ts', import.meta.url), 'utf8');
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
const reg = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);

// The server's built-in thresholds (DefaultThresholds() in src/domain/registry.cc).
const THRESHOLDS = {
  people: [50000, 5000, 500],
  economy: [50000, 5000, 500],
  environment: [1000, 100, 10],
  defence: [3, 2, 1],
  state_administration: [3, 2, 1],
  dependent_cii: [10, 5, 1],
};

test('ids after #/registry/ and #/assessments/ are parsed; anything else is null', () => {
  assert.equal(reg.parseIdRoute('#/registry/12', 'registry'), 12);
  assert.equal(reg.parseIdRoute('#/registry/12?x=1', 'registry'), 12);
  assert.equal(reg.parseIdRoute('#/assessments/7', 'assessments'), 7);
  assert.equal(reg.parseIdRoute('#/registry', 'registry'), null);
  assert.equal(reg.parseIdRoute('#/registry/0', 'registry'), null);
  assert.equal(reg.parseIdRoute('#/registry/abc', 'registry'), null);
  assert.equal(reg.parseIdRoute('#/registry/1e3', 'registry'), null);
  assert.equal(reg.parseIdRoute('#/assessments/7', 'registry'), null);
  assert.equal(reg.parseIdRoute('#/registry/99999999999999999999', 'registry'), null);
  assert.equal(reg.registryHref.object(5), '#/registry/5');
  assert.equal(reg.assessmentHref.one(5), '#/assessments/5');
});

test('the category follows the highest criterion; none below every threshold', () => {
  const a = reg.emptyAnswers();
  assert.equal(reg.categoryFor(a, THRESHOLDS), null);
  assert.equal(reg.categoryFor({ ...a, people: 499 }, THRESHOLDS), null);
  assert.equal(reg.categoryFor({ ...a, people: 500 }, THRESHOLDS), 3);
  assert.equal(reg.categoryFor({ ...a, people: 8000 }, THRESHOLDS), 2);
  // The seeded Terminal DCS: people and environment reach 2, economy (60,000) reaches 1.
  assert.equal(reg.categoryFor({ ...a, people: 8000, environment: 300 }, THRESHOLDS), 2);
  assert.equal(reg.categoryFor({ ...a, people: 8000, economy: 60000, environment: 300 }, THRESHOLDS), 1);
  assert.equal(reg.categoryFor({ ...a, environment: 30, defence: 3 }, THRESHOLDS), 1);
  assert.equal(reg.categoryFor({ ...a, dependent_cii: 1 }, THRESHOLDS), 3);
  assert.equal(reg.categoryFor({ ...a, people: 60000 }, THRESHOLDS), 1);
  assert.deepEqual([...reg.CRITERIA], Object.keys(THRESHOLDS));
});

test('questionnaire counts and dependency lists accept only whole numbers', () => {
  assert.equal(reg.parseCount(' 42 '), 42);
  assert.equal(reg.parseCount('0'), 0);
  assert.equal(reg.parseCount(''), null);
  assert.equal(reg.parseCount('-1'), null);
  assert.equal(reg.parseCount('1.5'), null);
  assert.deepEqual(reg.parseIdList(''), []);
  assert.deepEqual(reg.parseIdList('3, 4;4 5'), [3, 4, 5]);
  assert.equal(reg.parseIdList('3, x'), null);
  assert.equal(reg.parseIdList('0'), null);
});

test('a submission needs an answer, a justification for n/a and remediation for gaps', () => {
  const item = (result, justification = '', remediation = []) => ({ result, justification, remediation });
  assert.equal(reg.missingFor(item('unanswered')), 'answer');
  assert.equal(reg.missingFor(item('compliant')), null);
  assert.equal(reg.missingFor(item('not_applicable')), 'justification');
  assert.equal(reg.missingFor(item('not_applicable', '  ')), 'justification');
  assert.equal(reg.missingFor(item('not_applicable', 'no OT here')), null);
  assert.equal(reg.missingFor(item('partial')), 'remediation');
  assert.equal(reg.missingFor(item('non_compliant')), 'remediation');
  assert.equal(reg.missingFor(item('non_compliant', '', [{ id: 1 }])), null);
});

test('percentages are whole, clamped and 0 for an empty total', () => {
  assert.equal(reg.percent(1, 3), 33);
  assert.equal(reg.percent(2, 2), 100);
  assert.equal(reg.percent(3, 2), 100);
  assert.equal(reg.percent(1, 0), 0);
});

test('date inputs become RFC 3339 midnights; anything else is empty', () => {
  assert.equal(reg.dateInputToRfc3339('2027-03-01'), '2027-03-01T00:00:00Z');
  assert.equal(reg.dateInputToRfc3339(''), '');
  assert.equal(reg.dateInputToRfc3339('2027-13-45'), '');
  assert.equal(reg.dateInputToRfc3339('01/03/2027'), '');
});

test('series points: time on x, score on y (1 at the top), unscored points left out', () => {
  const pts = reg.seriesPoints(
    [
      { at: '2026-01-03T00:00:00Z', score: 1, subjects: 2 },
      { at: '2026-01-01T00:00:00Z', score: 0.5, subjects: 1 },
      { at: '2026-01-02T00:00:00Z', score: null, subjects: 0 },
      { at: 'not a date', score: 0.2, subjects: 1 },
    ],
    100,
    50,
  );
  assert.deepEqual(
    pts.map((p) => [p.x, p.y, p.score]),
    [
      [0, 25, 0.5],
      [100, 0, 1],
    ],
  );
  assert.deepEqual(reg.seriesPoints([], 100, 50), []);
  const one = reg.seriesPoints([{ at: '2026-01-01T00:00:00Z', score: 0.75, subjects: 1 }], 100, 40);
  assert.deepEqual([one[0].x, one[0].y], [50, 10]);
  const same = reg.seriesPoints(
    [
      { at: '2026-01-01T00:00:00Z', score: 0, subjects: 1 },
      { at: '2026-01-01T00:00:00Z', score: 1, subjects: 1 },
    ],
    100,
    40,
  );
  assert.deepEqual(same.map((p) => p.x), [0, 100]);
});

test('declared services are split on commas and lines, trimmed, without repeats', () => {
  assert.deepEqual(reg.parseServices('Penetration testing, incident response\n SOC ,,incident response'), [
    'Penetration testing',
    'incident response',
    'SOC',
  ]);
  assert.deepEqual(reg.parseServices(' , \n'), []);
});
