// Unit tests of the registry's CSV import helpers in src/object_import.ts (node:test, no
// browser): which outcome a server report leads to, and which answers carry a report.
// Transpiled like src/nav.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const source = readFileSync(new URL('../src/object_import.ts', import.meta.url), 'utf8');
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
const imp = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);

const report = (over) => ({ imported: false, created: 0, ids: [], header_errors: [], rows: [], ...over });
const ok = (line) => ({ line, ok: true, errors: [] });

test('header errors come first: rows are not read', () => {
  const r = report({ header_errors: ['unknown column "nme"'], rows: [ok(2)] });
  assert.deepEqual(imp.outcomeOf(r), { kind: 'header', errors: ['unknown column "nme"'] });
});

test('bad rows are listed with the count of good ones', () => {
  const bad = { line: 3, ok: false, errors: ['name is required', 'sector "oil" is unknown'] };
  assert.deepEqual(imp.outcomeOf(report({ rows: [ok(2), bad, ok(4)] })), { kind: 'rows', bad: [bad], good: 2 });
});

test('a clean dry run is ready; an import says what it created', () => {
  assert.deepEqual(imp.outcomeOf(report({ rows: [ok(2), ok(3)] })), { kind: 'ready', rows: 2 });
  assert.deepEqual(imp.outcomeOf(report({ imported: true, created: 2, ids: [7, 8], rows: [ok(2), ok(3)] })), {
    kind: 'imported',
    created: 2,
    ids: [7, 8],
  });
});

test('only answers with the report shape count as reports', () => {
  assert.equal(imp.isImportReport(report({})), true);
  assert.equal(imp.isImportReport({ error: { code: 'invalid_argument', message: 'x' } }), false);
  assert.equal(imp.isImportReport(null), false);
  assert.equal(imp.isImportReport('text'), false);
  assert.equal(imp.isImportReport({ imported: 'yes', rows: [], header_errors: [] }), false);
});

test('the template header names the documented columns, name first', () => {
  assert.deepEqual(imp.TEMPLATE_HEADER.split(','), [
    'name', 'sector', 'kind', 'description', 'location', 'responsible_person', 'depends_on',
  ]);
});
