// Unit tests of the training helpers in src/training.ts (node:test, no browser): an audience's
// coverage of a course, what a completions import report leads to, and the hand-entered
// completion's checks. Transpiled like src/nav.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const source = readFileSync(new URL('../src/training.ts', import.meta.url), 'utf8');
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
const tr = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);

const member = (staff_id, state) => ({ staff_id, state, last_completed: null, lapses_on: null });

test('coverage counts current and due-soon members; lapsed and never are not trained', () => {
  const statuses = [member(1, 'current'), member(2, 'due_soon'), member(3, 'lapsed'), member(4, 'never')];
  assert.deepEqual(tr.coverageOf(statuses), { members: 4, trained: 2, percent: 50 });
});

test('coverage rounds down, so a rule at 90% is never shown met by rounding', () => {
  const statuses = Array.from({ length: 10 }, (_, i) => member(i, i < 9 ? 'current' : 'never'));
  statuses.push(member(99, 'lapsed')); // 9 of 11 = 81.8%
  assert.equal(tr.coverageOf(statuses).percent, 81);
  const almost = [...Array.from({ length: 899 }, (_, i) => member(i, 'current')), ...Array.from({ length: 101 }, (_, i) => member(1000 + i, 'never'))];
  assert.equal(tr.coverageOf(almost).percent, 89); // 89.9%
});

test('an empty audience has no percentage', () => {
  assert.deepEqual(tr.coverageOf([]), { members: 0, trained: 0, percent: null });
});

const report = (over) => ({ dry_run: true, imported: false, rows: 0, valid: 0, duplicates: 0, created: 0, errors: [], ...over });

test('header errors come first', () => {
  const header = { row: 0, line: 1, column: 'course', message: 'a column naming the course is required' };
  assert.deepEqual(tr.importOutcomeOf(report({ errors: [header] })), { kind: 'header', errors: [header] });
});

test('bad rows are counted once each, however many columns are wrong', () => {
  const errors = [
    { row: 2, line: 3, column: 'staff_ref', message: 'no staff member' },
    { row: 2, line: 3, column: 'completed_on', message: 'in the future' },
    { row: 4, line: 5, column: 'course', message: 'no course' },
  ];
  assert.deepEqual(tr.importOutcomeOf(report({ rows: 5, errors })), { kind: 'rows', errors, bad: 2, good: 3 });
});

test('a clean dry run is ready with its duplicates; an import says what it wrote', () => {
  assert.deepEqual(tr.importOutcomeOf(report({ rows: 3, valid: 2, duplicates: 1 })), {
    kind: 'ready',
    rows: 3,
    valid: 2,
    duplicates: 1,
  });
  assert.deepEqual(tr.importOutcomeOf(report({ dry_run: false, imported: true, rows: 3, valid: 2, created: 2, duplicates: 1 })), {
    kind: 'imported',
    created: 2,
    duplicates: 1,
  });
});

test('only a report-shaped body counts as a report', () => {
  assert.equal(tr.isCompletionImportReport(report({})), true);
  assert.equal(tr.isCompletionImportReport({ error: { code: 'invalid_argument', message: 'x' } }), false);
  assert.equal(tr.isCompletionImportReport(null), false);
  assert.equal(tr.isCompletionImportReport('text'), false);
});

test('a hand-entered completion needs staff, a course and a real past date', () => {
  const ok = { staffId: '3', courseId: '7', date: '2026-03-01' };
  assert.equal(tr.completionProblem(ok, '2026-11-29'), null);
  assert.equal(tr.completionProblem({ ...ok, date: '2026-11-29' }, '2026-11-29'), null);
  assert.equal(tr.completionProblem({ ...ok, staffId: '' }, '2026-11-29'), 'training.pickStaff');
  assert.equal(tr.completionProblem({ ...ok, courseId: 'x' }, '2026-11-29'), 'training.pickCourse');
  assert.equal(tr.completionProblem({ ...ok, date: '2026-02-30' }, '2026-11-29'), 'training.badDate');
  assert.equal(tr.completionProblem({ ...ok, date: '01/03/2026' }, '2026-11-29'), 'training.badDate');
  assert.equal(tr.completionProblem({ ...ok, date: '2026-11-30' }, '2026-11-29'), 'training.futureDate');
});

test('the template names only columns the server knows, and the limit is the server\'s 2 MiB', () => {
  const known = ['staff_id', 'staff_ref', 'staff_email', 'course_id', 'course', 'completed_on'];
  for (const column of tr.COMPLETION_TEMPLATE_HEADER.split(',')) assert.ok(known.includes(column), column);
  assert.equal(tr.MAX_COMPLETION_CSV_BYTES, 2 * 1024 * 1024);
});
