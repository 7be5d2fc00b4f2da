// Unit tests of the national regime editor's logic in src/regime_editor.ts (node:test, no
// browser): rows to regime and back, the server's rules checked per row, and row moves.
// Transpiled like src/nav.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const source = readFileSync(new URL('../src/regime_editor.ts', import.meta.url), 'utf8');
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
const ed = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);

// The shape GET /api/v1/incident-regimes returns for NIS2 (src/domain/incident_regime.cc).
const NIS2 = {
  id: 'nis2',
  name: 'NIS2',
  stages: [
    { key: 'early_warning', name: 'Early warning', anchor: 'awareness', within: 'PT24H', max_from_awareness: null,
      required_fields: ['suspected_malicious', 'cross_border_impact'], on_request: false },
    { key: 'notification', name: 'Incident notification', anchor: 'awareness', within: 'PT72H', max_from_awareness: null,
      required_fields: ['severity_assessment'], on_request: false },
    { key: 'intermediate', name: 'Intermediate report', anchor: 'request', within: 'P7D', max_from_awareness: null,
      required_fields: ['status_update'], on_request: true },
    { key: 'final', name: 'Final report', anchor: 'notification', anchor_stage: 'notification', within: 'P1M',
      max_from_awareness: null, required_fields: ['root_cause', 'mitigation_measures'], on_request: false },
  ],
};

const row = (over = {}) => ({ ...ed.emptyRow(), key: 'first', name: 'First report', ...over });
const keysOf = (ps) => ps.map((p) => `${p.row}:${p.field}:${p.key}`);

test('a regime becomes rows and the same regime again, renamed national', () => {
  const rows = ed.startingRows(undefined, NIS2);
  assert.equal(rows.length, 4);
  assert.equal(rows[0].fields, 'suspected_malicious, cross_border_impact');
  assert.equal(rows[3].anchorStage, 'notification');
  assert.deepEqual(ed.problems('National', rows), []);
  const back = ed.regimeFromRows('  National  ', rows);
  assert.equal(back.id, 'national');
  assert.equal(back.name, 'National');
  assert.deepEqual(back.stages, NIS2.stages);
  // Only notification anchors carry anchor_stage.
  assert.equal('anchor_stage' in back.stages[0], false);
});

test('the stored national regime is preferred to the default as the starting point', () => {
  const national = { ...NIS2, id: 'national', name: 'Ours', stages: [NIS2.stages[0]] };
  assert.equal(ed.startingRows(national, NIS2).length, 1);
  assert.equal(ed.startingRows(undefined, undefined).length, 1);
});

test('required fields split on commas, semicolons and spaces; empty parts dropped', () => {
  assert.deepEqual(ed.splitFields(' a, b;c  d,, '), ['a', 'b', 'c', 'd']);
  assert.deepEqual(ed.splitFields(''), []);
});

test('ISO 8601 durations as the server parses them', () => {
  for (const good of ['PT24H', 'P1M', 'P7D', 'P1Y2M', 'P2W', 'PT90M', 'P1DT12H', 'PT30S']) {
    assert.equal(ed.isIsoDuration(good), true, good);
  }
  for (const bad of ['', 'P', 'PT', '24H', 'P1H', 'PT1D', 'P1DT', 'P1.5D', 'P1234567D', 'p1d', 'P-1D', 'PT24H ']) {
    assert.equal(ed.isIsoDuration(bad), false, bad);
  }
});

test('each server rule is named on its row and field', () => {
  assert.deepEqual(keysOf(ed.problems('', [row()])), ['-1:name:regimeEditor.err.name']);
  assert.deepEqual(keysOf(ed.problems('N', [])), ['-1:stages:regimeEditor.err.stageCount']);
  assert.deepEqual(
    keysOf(ed.problems('N', Array.from({ length: 21 }, (_, i) => row({ key: `s${i}` })))),
    ['-1:stages:regimeEditor.err.stageCount'],
  );
  assert.deepEqual(keysOf(ed.problems('N', [row({ key: 'Bad-Key' })])), ['0:key:regimeEditor.err.key']);
  assert.deepEqual(keysOf(ed.problems('N', [row(), row()])), ['1:key:regimeEditor.err.duplicate']);
  assert.deepEqual(keysOf(ed.problems('N', [row({ name: ' ' })])), ['0:name:regimeEditor.err.stageName']);
  assert.deepEqual(keysOf(ed.problems('N', [row({ within: 'P0D' })])), ['0:within:regimeEditor.err.duration']);
  assert.deepEqual(keysOf(ed.problems('N', [row({ within: '24 hours' })])), ['0:within:regimeEditor.err.duration']);
  assert.deepEqual(keysOf(ed.problems('N', [row({ maxFromAwareness: 'PT0H' })])), ['0:maxFromAwareness:regimeEditor.err.duration']);
  assert.deepEqual(keysOf(ed.problems('N', [row({ anchor: 'request' })])), ['0:onRequest:regimeEditor.err.request']);
  assert.deepEqual(keysOf(ed.problems('N', [row({ fields: 'ok, Not-OK' })])), ['0:fields:regimeEditor.err.field']);
  assert.deepEqual(
    keysOf(ed.problems('N', [row({ fields: Array.from({ length: 31 }, (_, i) => `f${i}`).join(',') })])),
    ['0:fields:regimeEditor.err.fieldCount'],
  );
});

test('a notification anchor must name a stage that comes earlier', () => {
  const later = row({ key: 'second', anchor: 'notification', anchorStage: 'first' });
  assert.deepEqual(ed.problems('N', [row(), later]), []);
  assert.deepEqual(keysOf(ed.problems('N', [later, row()])), ['0:anchorStage:regimeEditor.err.anchorStage']);
  // Left empty it means the stage keyed "notification", as on the server.
  const implicit = row({ key: 'final', anchor: 'notification', anchorStage: '' });
  assert.deepEqual(keysOf(ed.problems('N', [row(), implicit])), ['1:anchorStage:regimeEditor.err.anchorStage']);
  assert.deepEqual(ed.problems('N', [row({ key: 'notification' }), implicit]), []);
  assert.equal(ed.stageFromRow(implicit).anchor_stage, 'notification');
});

test('moving rows swaps neighbours and ignores moves off either end', () => {
  const rows = [row({ key: 'a' }), row({ key: 'b' }), row({ key: 'c' })];
  assert.deepEqual(ed.moveRow(rows, 0, 1).map((r) => r.key), ['b', 'a', 'c']);
  assert.deepEqual(ed.moveRow(rows, 2, -1).map((r) => r.key), ['a', 'c', 'b']);
  assert.equal(ed.moveRow(rows, 0, -1), rows);
  assert.equal(ed.moveRow(rows, 2, 1), rows);
  assert.deepEqual(rows.map((r) => r.key), ['a', 'b', 'c']);
});
