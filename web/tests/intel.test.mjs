// Unit tests of the threat-intelligence helpers in src/intel.ts (node:test, no browser): TLP 2.0
// levels and markings, value checks, STIX patterns and indicators, #/intel routes, chart data.
// The file is transpiled in memory like src/nav.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const source = readFileSync(new URL('../src/intel.ts', import.meta.url), 'utf8');
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
const intel = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);

test('each TLP 2.0 level has its OASIS marking-definition id', () => {
  assert.deepEqual(intel.TLP_MARKING, {
    CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
    GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
    AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
    'AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
    RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
  });
});

test('TLP names from the API and from people are normalised', () => {
  assert.equal(intel.normalizeTlp('green'), 'GREEN');
  assert.equal(intel.normalizeTlp('amber+strict'), 'AMBER+STRICT');
  assert.equal(intel.normalizeTlp('TLP:RED'), 'RED');
  assert.equal(intel.normalizeTlp('white'), 'CLEAR');
  assert.equal(intel.normalizeTlp('purple'), null);
  assert.equal(intel.normalizeTlp(undefined), null);
});

test("an object's TLP is its most restrictive marking, AMBER without one", () => {
  const { TLP_MARKING } = intel;
  assert.equal(intel.tlpOfObject({}), 'AMBER');
  assert.equal(intel.tlpOfObject({ object_marking_refs: ['marking-definition--other'] }), 'AMBER');
  assert.equal(intel.tlpOfObject({ object_marking_refs: [TLP_MARKING.CLEAR] }), 'CLEAR');
  assert.equal(intel.tlpOfObject({ object_marking_refs: [TLP_MARKING.RED, TLP_MARKING.GREEN] }), 'RED');
  // TLP 1.0 AMBER maps to 2.0 AMBER.
  const tlp1Amber = 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82';
  assert.equal(intel.tlpOfObject({ object_marking_refs: [tlp1Amber] }), 'AMBER');
});

test("a granular TLP marking raises the whole object's TLP", () => {
  const { TLP_MARKING } = intel;
  const green = { object_marking_refs: [TLP_MARKING.GREEN] };
  assert.equal(
    intel.tlpOfObject({ ...green, granular_markings: [{ marking_ref: TLP_MARKING.RED, selectors: ['pattern'] }] }),
    'RED',
  );
  assert.equal(
    intel.tlpOfObject({ ...green, granular_markings: [{ marking_ref: TLP_MARKING.CLEAR, selectors: ['name'] }] }),
    'GREEN',
  );
  assert.equal(intel.tlpOfObject({ ...green, granular_markings: [{ lang: 'en', selectors: ['name'] }] }), 'GREEN');
  assert.equal(
    intel.tlpOfObject({ granular_markings: [{ marking_ref: TLP_MARKING['AMBER+STRICT'], selectors: ['name'] }] }),
    'AMBER+STRICT',
  );
});

test('only AMBER and RED name recipients', () => {
  assert.deepEqual(
    intel.TLP_LEVELS.filter((l) => intel.tlpTakesRecipients(l)),
    ['AMBER', 'RED'],
  );
});

test('patterns compare the right object path and escape quotes and backslashes', () => {
  assert.equal(intel.buildPattern('ipv4', '1.2.3.4'), "[ipv4-addr:value = '1.2.3.4']");
  assert.equal(intel.buildPattern('ipv6', '2001:db8::1'), "[ipv6-addr:value = '2001:db8::1']");
  assert.equal(intel.buildPattern('domain', 'evil.example'), "[domain-name:value = 'evil.example']");
  assert.equal(intel.buildPattern('email', 'a@b.example'), "[email-addr:value = 'a@b.example']");
  const hash = 'a'.repeat(64);
  assert.equal(intel.buildPattern('sha256', hash), `[file:hashes.'SHA-256' = '${hash}']`);
  assert.equal(
    intel.buildPattern('url', "http://x.example/it's\\here"),
    "[url:value = 'http://x.example/it\\'s\\\\here']",
  );
  assert.equal(intel.escapeStixString("\\'"), "\\\\\\'");
});

test('values are checked per type', () => {
  const ok = (type, value) => assert.equal(intel.isValidValue(type, value), true, `${type} ${value}`);
  const bad = (type, value) => assert.equal(intel.isValidValue(type, value), false, `${type} ${value}`);
  ok('ipv4', '198.51.100.7');
  ok('ipv4', '10.0.0.0/8');
  bad('ipv4', '1.2.3');
  bad('ipv4', '256.1.1.1');
  bad('ipv4', '01.2.3.4');
  bad('ipv4', '1.2.3.4/33');
  ok('ipv6', '2001:db8::1');
  ok('ipv6', '::1');
  ok('ipv6', '2001:0db8:0000:0000:0000:ff00:0042:8329');
  ok('ipv6', '::ffff:192.0.2.1');
  ok('ipv6', '2001:db8::/32');
  bad('ipv6', '2001:db8::1::2');
  bad('ipv6', '1.2.3.4');
  bad('ipv6', '2001:db8:g::1');
  bad('ipv6', '1:2:3:4:5:6:7');
  ok('domain', 'malicious.example');
  ok('domain', 'xn--80ak6aa92e.com');
  bad('domain', 'localhost');
  bad('domain', '-bad.example');
  bad('domain', 'bad..example');
  bad('domain', 'http://evil.example');
  ok('url', 'https://evil.example/a?b=c');
  bad('url', 'evil.example/a');
  bad('url', 'https://evil.example/a b');
  ok('sha256', 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855');
  bad('sha256', 'e3b0c442');
  ok('email', 'phisher@malicious.example');
  bad('email', 'phisher@localhost');
  bad('email', 'a b@c.example');
  bad('email', '');
});

test('recipient ids are parsed from "4, 7 9"', () => {
  assert.deepEqual(intel.parseOrgIds('4, 7 9,4'), [4, 7, 9]);
  assert.deepEqual(intel.parseOrgIds('  '), []);
  assert.equal(intel.parseOrgIds('4, x'), null);
  assert.equal(intel.parseOrgIds('0'), null);
  assert.equal(intel.parseOrgIds('-3'), null);
});

test('buildIndicator makes a STIX 2.1 indicator with the TLP marking', () => {
  const now = new Date(Date.UTC(2026, 10, 27, 10, 11, 12, 345));
  const uuid = '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
  const indicator = intel.buildIndicator(
    { valueType: 'ipv4', value: ' 198.51.100.7 ', name: ' C2 ', tlp: 'GREEN', recipients: [4] },
    now,
    uuid,
  );
  assert.deepEqual(indicator, {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuid}`,
    created: '2026-11-27T10:11:12.345Z',
    modified: '2026-11-27T10:11:12.345Z',
    name: 'C2',
    pattern: "[ipv4-addr:value = '198.51.100.7']",
    pattern_type: 'stix',
    valid_from: '2026-11-27T10:11:12.345Z',
    object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'],
  });
});

test('AMBER and RED indicators carry x_qalxan_recipients; AMBER+STRICT never does', () => {
  const now = new Date(0);
  const build = (tlp, recipients) =>
    intel.buildIndicator({ valueType: 'domain', value: 'a.example', name: '', tlp, recipients }, now, 'u');
  assert.deepEqual(build('AMBER', [4, 5]).x_qalxan_recipients, [4, 5]);
  assert.deepEqual(build('RED', [4]).x_qalxan_recipients, [4]);
  assert.equal('x_qalxan_recipients' in build('AMBER', []), false);
  assert.equal('x_qalxan_recipients' in build('AMBER+STRICT', [4]), false);
  assert.equal('name' in build('AMBER', []), false, 'an empty name is left out');
  assert.equal(build('AMBER+STRICT', []).object_marking_refs[0], intel.TLP_MARKING['AMBER+STRICT']);
});

test('randomUuid gives a version 4 UUID', () => {
  assert.match(intel.randomUuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('objects are shown by name, else pattern, else id', () => {
  assert.equal(intel.objectLabel({ id: 'x--1', type: 'x', name: 'N', pattern: 'P' }), 'N');
  assert.equal(intel.objectLabel({ id: 'x--1', type: 'x', name: ' ', pattern: 'P' }), 'P');
  assert.equal(intel.objectLabel({ id: 'x--1', type: 'x' }), 'x--1');
});

test('#/intel routes', () => {
  assert.deepEqual(intel.parseIntelRoute('#/intel'), { view: 'collections', collectionId: null });
  assert.deepEqual(intel.parseIntelRoute('#/intel/collections/abc-1'), {
    view: 'collections',
    collectionId: 'abc-1',
  });
  assert.deepEqual(intel.parseIntelRoute('#/intel/indicators/indicator--1?collection=c%201'), {
    view: 'indicator',
    indicatorId: 'indicator--1',
    collectionId: 'c 1',
  });
  assert.deepEqual(intel.parseIntelRoute('#/intel/indicators/indicator--1'), {
    view: 'indicator',
    indicatorId: 'indicator--1',
    collectionId: null,
  });
  assert.deepEqual(intel.parseIntelRoute('#/intel/most-sighted'), { view: 'most-sighted' });
  assert.deepEqual(intel.parseIntelRoute('#/intel/indicators/'), { view: 'collections', collectionId: null });
  assert.deepEqual(intel.parseIntelRoute('#/intel/collections/%E0%A4%A'), {
    view: 'collections',
    collectionId: null,
  });
  for (const href of [
    intel.intelHref.collections(),
    intel.intelHref.collection('c 1'),
    intel.intelHref.indicator('indicator--1', 'c/1'),
    intel.intelHref.mostSighted(),
  ]) {
    assert.ok(href.startsWith('#/intel'), href);
  }
  assert.deepEqual(intel.parseIntelRoute(intel.intelHref.indicator('indicator--1', 'c/1')), {
    view: 'indicator',
    indicatorId: 'indicator--1',
    collectionId: 'c/1',
  });
  assert.deepEqual(intel.parseIntelRoute(intel.intelHref.collection('c/1 2')), {
    view: 'collections',
    collectionId: 'c/1 2',
  });
});

test('chart bars: named organisations by count, then one bar for the anonymous rest', () => {
  const bars = intel.sightingBars({
    indicator: 'indicator--1',
    organisations: 4,
    anonymous_organisations: 2,
    sightings: 6,
    count: 20,
    first_seen: null,
    last_seen: null,
    by_organisation: [
      { org_id: 3, sightings: 1, count: 2, first_seen: 'a', last_seen: 'b' },
      { org_id: 4, sightings: 2, count: 9, first_seen: 'c', last_seen: 'd' },
    ],
  });
  assert.deepEqual(
    bars.map((b) => [b.orgId, b.sightings, b.count]),
    [
      [4, 2, 9],
      [3, 1, 2],
      [null, 3, 9],
    ],
  );
  const none = intel.sightingBars({
    indicator: 'indicator--1',
    organisations: 1,
    anonymous_organisations: 0,
    sightings: 1,
    count: 3,
    first_seen: null,
    last_seen: null,
    by_organisation: [{ org_id: 4, sightings: 1, count: 3, first_seen: null, last_seen: null }],
  });
  assert.deepEqual(none.map((b) => b.orgId), [4]);
});

test('chart axes end on 1, 2 or 5 times a power of ten', () => {
  assert.equal(intel.niceMax(0), 1);
  assert.equal(intel.niceMax(3), 5);
  assert.equal(intel.niceMax(5), 5);
  assert.equal(intel.niceMax(7), 10);
  assert.equal(intel.niceMax(12), 20);
  assert.equal(intel.niceMax(250), 500);
});

test('the sightings per day become a gapless series of the latest days', () => {
  const series = intel.dailySeries([
    { date: '2026-11-08', sightings: 1, count: 1 },
    { date: '2026-11-06', sightings: 2, count: 7 },
  ]);
  assert.deepEqual(series, [
    { date: '2026-11-06', sightings: 2, count: 7 },
    { date: '2026-11-07', sightings: 0, count: 0 },
    { date: '2026-11-08', sightings: 1, count: 1 },
  ]);
  // Month and year ends are days like any other; only the latest maxDays are kept.
  const long = intel.dailySeries(
    [
      { date: '2025-12-30', sightings: 1, count: 3 },
      { date: '2026-01-02', sightings: 1, count: 4 },
    ],
    2,
  );
  assert.deepEqual(long.map((d) => d.date), ['2026-01-01', '2026-01-02']);
  assert.deepEqual(intel.dailySeries([]), []);
  assert.deepEqual(intel.dailySeries([{ date: 'garbage', sightings: 1, count: 1 }]), []);
});
