// Unit tests of the shared table's helpers in src/table.ts (node:test, no browser): the columns a
// heading list names and the "no rows" line whose colSpan follows them. Transpiled like src/nav.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const source = readFileSync(new URL('../src/table.ts', import.meta.url), 'utf8');
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
const table = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);

test('plain texts are columns, in order', () => {
  assert.deepEqual(table.columnsOf(['Name', 'Kind']), [
    { label: 'Name', hidden: false },
    { label: 'Kind', hidden: false },
  ]);
});

test('false, null and undefined leave a column out; an empty text does not', () => {
  for (const regulator of [true, false]) {
    const columns = table.columnsOf(['Name', regulator && 'Owner', null, undefined, '', 'Category']);
    assert.deepEqual(
      columns.map((c) => c.label),
      regulator ? ['Name', 'Owner', '', 'Category'] : ['Name', '', 'Category'],
    );
  }
});

test('a heading keeps its class and whether only screen readers read it', () => {
  assert.deepEqual(table.columnsOf([{ label: 'Rank', class: 'num' }, { label: 'Actions', hidden: true }]), [
    { label: 'Rank', hidden: false, class: 'num' },
    { label: 'Actions', hidden: true },
  ]);
});

test('the empty line spans every column there is', () => {
  for (const manage of [true, false]) {
    const columns = table.columnsOf(['User', 'Role', manage && { label: 'Actions', hidden: true }]);
    assert.deepEqual(table.emptyLineOf(columns.length, 0, true, 'No users'), {
      colSpan: manage ? 3 : 2,
      text: 'No users',
    });
  }
});

test('no empty line with rows, while the rows are not known, or without a text', () => {
  assert.equal(table.emptyLineOf(4, 1, true, 'None'), null);
  assert.equal(table.emptyLineOf(4, 0, false, 'None'), null);
  assert.equal(table.emptyLineOf(4, 0, true, undefined), null);
  assert.deepEqual(table.emptyLineOf(0, 0, true, ''), { colSpan: 1, text: '' });
});
