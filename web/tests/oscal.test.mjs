// Unit tests of the requirement helpers in src/oscal.ts (node:test, no browser): parameter inserts,
// the requirement tree and titles. The file is transpiled in memory like src/nav.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const source = readFileSync(new URL('../src/oscal.ts', import.meta.url), 'utf8');
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
const oscal = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);

const text = (prose, params) => oscal.proseSegments(prose, params).map((s) => s.text).join('');
const row = (id, group_path, parent = '') => ({
  id,
  title: id.toUpperCase(),
  group_path,
  parent,
  sectors: [],
  categories: [],
  min_security_level: null,
  machine_checks: [],
});

test('an insert shows the first value', () => {
  const params = [{ id: 'p1', label: 'interval', values: ['yearly', 'monthly'] }];
  assert.equal(text('Review it {{ insert: param, p1 }}.', params), 'Review it yearly.');
});

test('without values an insert shows [label], then the choices joined with " | "', () => {
  assert.equal(text('every {{insert: param, p1}}', [{ id: 'p1', label: 'interval' }]), 'every [interval]');
  const choice = [{ id: 'p1', select: { choice: ['yearly', 'every two years'] } }];
  assert.equal(text('every {{ insert: param, p1 }}', choice), 'every yearly | every two years');
  assert.equal(text('every {{ insert: param, p1 }}', [{ id: 'p1', values: [] }]), 'every [p1]');
});

test('an unknown param shows its id in brackets; other text stays as it is', () => {
  assert.equal(text('a {{ insert: param, nope }} b', []), 'a [nope] b');
  assert.equal(text('no inserts <b>here</b>', []), 'no inserts <b>here</b>');
  assert.equal(text('{{ insert: other, x }}', []), '{{ insert: other, x }}');
});

test('segments mark which text stands for which param', () => {
  const segments = oscal.proseSegments('{{ insert: param, a }} and {{ insert: param, b }}', [
    { id: 'a', values: ['A'] },
    { id: 'b', label: 'B' },
  ]);
  assert.deepEqual(segments, [
    { text: 'A', param: 'a' },
    { text: ' and ' },
    { text: '[B]', param: 'b' },
  ]);
});

test('the tree nests enhancements under their parent and keeps the order', () => {
  const tree = oscal.buildTree([
    row('pol-1', 'pol'),
    row('pol-1.1', 'pol', 'pol-1'),
    row('pol-1.1.1', 'pol', 'pol-1.1'),
    row('pol-2', 'pol'),
    row('acc-1', 'acc'),
  ]);
  assert.deepEqual(tree.requirements, []);
  assert.deepEqual(tree.groups.map((g) => g.id), ['pol', 'acc']);
  const pol = tree.groups[0];
  assert.deepEqual(pol.requirements.map((n) => n.row.id), ['pol-1', 'pol-2']);
  assert.deepEqual(pol.requirements[0].children.map((n) => n.row.id), ['pol-1.1']);
  assert.deepEqual(pol.requirements[0].children[0].children.map((n) => n.row.id), ['pol-1.1.1']);
});

test('nested groups come from "/" in group_path; ungrouped rows sit at the root', () => {
  const tree = oscal.buildTree([row('x-1', ''), row('a-1', 'a/b'), row('a-2', 'a')]);
  assert.deepEqual(tree.requirements.map((n) => n.row.id), ['x-1']);
  const a = tree.groups[0];
  assert.equal(a.path, 'a');
  assert.deepEqual(a.requirements.map((n) => n.row.id), ['a-2']);
  assert.equal(a.groups[0].path, 'a/b');
  assert.equal(a.groups[0].id, 'b');
  assert.deepEqual(a.groups[0].requirements.map((n) => n.row.id), ['a-1']);
});

test('an enhancement without its parent among the rows stays in its group, marked orphan', () => {
  const tree = oscal.buildTree([row('pol-1.1', 'pol', 'pol-1')]);
  const [node] = tree.groups[0].requirements;
  assert.equal(node.row.id, 'pol-1.1');
  assert.equal(node.orphan, true);
});

test('titles of groups and controls, nested ones included', () => {
  const titles = oscal.catalogTitles({
    catalog: {
      groups: [
        {
          id: 'pol',
          title: 'Siyasətlər',
          controls: [
            { id: 'pol-1', title: 'Təhlükəsizlik siyasəti', controls: [{ id: 'pol-1.1', title: 'B' }] },
          ],
          groups: [{ title: 'No id' }],
        },
      ],
      controls: [{ id: 'top', title: 'Top' }],
    },
  });
  assert.deepEqual(titles.groups, { pol: 'Siyasətlər', 'No id': 'No id' });
  assert.deepEqual(titles.controls, { 'pol-1': 'Təhlükəsizlik siyasəti', 'pol-1.1': 'B', top: 'Top' });
  assert.deepEqual(oscal.catalogTitles(null), { groups: {}, controls: {} });
  assert.deepEqual(oscal.catalogTitles({ profile: {} }), { groups: {}, controls: {} });
});

test('the latest version is the one with the highest seq', () => {
  assert.equal(oscal.latestVersion([]), null);
  const versions = [
    { seq: 1, status: 'superseded' },
    { seq: 3, status: 'draft' },
    { seq: 2, status: 'published' },
  ];
  assert.equal(oscal.latestVersion(versions).seq, 3);
});
