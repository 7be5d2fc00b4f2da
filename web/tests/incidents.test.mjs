// Unit tests of the incident helpers in src/incidents.ts (node:test, no browser): countdown text,
// stage states and classes, the CERT queue's order, local <-> UTC conversion across DST changes,
// stage submissions, indicator rows and the statistics' chart data. Transpiled like src/nav.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const source = readFileSync(new URL('../src/incidents.ts', import.meta.url), 'utf8');
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
const inc = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);

const WORDS = {
  dueIn: 'due in {time}',
  overdueBy: 'overdue by {time}',
  days: '{n} d',
  hours: '{n} h',
  minutes: '{n} min',
  seconds: '{n} s',
};
const NOW = Date.parse('2026-11-28T10:00:00Z');
const at = (ms) => new Date(NOW + ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

test('countdown before the deadline: hours and minutes, rounded down', () => {
  assert.equal(inc.countdownText(at(5 * HOUR + 12 * MIN + 59_000), NOW, WORDS), 'due in 5 h 12 min');
  assert.equal(inc.countdownText(at(3 * HOUR), NOW, WORDS), 'due in 3 h');
  assert.equal(inc.countdownText(at(42 * MIN + 5000), NOW, WORDS), 'due in 42 min');
  assert.equal(inc.countdownText(at(59_999), NOW, WORDS), 'due in 59 s');
  assert.equal(inc.countdownText(at(0), NOW, WORDS), 'due in 0 s');
});

test('countdown past the deadline says overdue by', () => {
  assert.equal(inc.countdownText(at(-2 * HOUR), NOW, WORDS), 'overdue by 2 h');
  assert.equal(inc.countdownText(at(-(2 * HOUR + 30 * MIN)), NOW, WORDS), 'overdue by 2 h 30 min');
  assert.equal(inc.countdownText(at(-1000), NOW, WORDS), 'overdue by 1 s');
});

test('countdown over a day shows days and hours', () => {
  assert.equal(inc.countdownText(at(3 * DAY + 4 * HOUR + 59 * MIN), NOW, WORDS), 'due in 3 d 4 h');
  assert.equal(inc.countdownText(at(-(3 * DAY)), NOW, WORDS), 'overdue by 3 d');
  assert.equal(inc.countdownText(at(30 * DAY), NOW, WORDS), 'due in 30 d');
});

test('countdown ticks: one second later the text changes at the minute boundary', () => {
  const due = at(5 * HOUR + 12 * MIN);
  assert.equal(inc.countdownText(due, NOW, WORDS), 'due in 5 h 12 min');
  assert.equal(inc.countdownText(due, NOW + 1000, WORDS), 'due in 5 h 11 min');
});

test('countdown without a deadline or with a bad one is empty', () => {
  assert.equal(inc.countdownText(null, NOW, WORDS), '');
  assert.equal(inc.countdownText('not a time', NOW, WORDS), '');
});

test('the words come from the catalog: another language, same numbers', () => {
  const az = { dueIn: '{time} qalıb', overdueBy: '{time} gecikir', days: '{n} g', hours: '{n} saat', minutes: '{n} dəq', seconds: '{n} san' };
  assert.equal(inc.countdownText(at(5 * HOUR + 12 * MIN), NOW, az), '5 saat 12 dəq qalıb');
});

test('a stage whose deadline passed while the page was open turns overdue', () => {
  const stage = { state: 'due', due_at: at(10_000), due_soon_at: at(-HOUR) };
  assert.equal(inc.liveStageState(stage, NOW), 'due_soon');
  assert.equal(inc.liveStageState(stage, NOW + 11_000), 'overdue');
  assert.equal(inc.liveStageState({ state: 'due', due_at: at(2 * HOUR), due_soon_at: at(HOUR) }, NOW), 'due');
  // Submitted and unrequested stages keep their state.
  assert.equal(inc.liveStageState({ state: 'on_time', due_at: at(-HOUR), due_soon_at: null }, NOW), 'on_time');
  assert.equal(inc.liveStageState({ state: 'not_requested', due_at: null, due_soon_at: null }, NOW), 'not_requested');
  assert.equal(inc.liveStageState({ state: 'pending', due_at: null, due_soon_at: null }, NOW), 'pending');
});

test('state classes and the overdue row class', () => {
  assert.equal(inc.stageClass('overdue'), 'stage stage-overdue');
  assert.equal(inc.stageClass('on_time'), 'stage stage-on_time');
  const overdue = { stages: [{ state: 'on_time', due_at: at(-DAY), due_soon_at: null }, { state: 'overdue', due_at: at(-HOUR), due_soon_at: null }] };
  const fine = { stages: [{ state: 'due', due_at: at(DAY), due_soon_at: at(HOUR) }, { state: 'late', due_at: at(-DAY), due_soon_at: null }] };
  assert.equal(inc.isOverdue(overdue, NOW), true);
  assert.equal(inc.isOverdue(fine, NOW), false);
  assert.equal(inc.incidentRowClass(overdue, NOW), 'incident-row incident-overdue');
  assert.equal(inc.incidentRowClass(fine, NOW), 'incident-row');
  assert.equal(inc.isOverdue({ stages: [] }, NOW), false);
});

test('the queue puts the nearest deadline first and incidents without one last', () => {
  const list = [
    { id: 1, next_due_at: null },
    { id: 2, next_due_at: '2026-11-29T00:00:00Z' },
    { id: 3, next_due_at: '2026-11-25T00:00:00Z' },
    { id: 4, next_due_at: null },
    { id: 5, next_due_at: '2026-11-29T00:00:00Z' },
  ];
  assert.deepEqual(inc.sortQueue(list).map((i) => i.id), [3, 2, 5, 1, 4]);
  assert.deepEqual(list.map((i) => i.id), [1, 2, 3, 4, 5], 'the input is left alone');
});

test('local time to UTC in a zone without DST (Baku, +04:00)', () => {
  assert.equal(inc.localToUtc('2026-11-28T14:30', 'Asia/Baku'), '2026-11-28T10:30:00Z');
  assert.equal(inc.localToUtc('2026-01-01T02:00', 'Asia/Baku'), '2025-12-31T22:00:00Z');
  assert.equal(inc.localToUtc('2026-11-28T14:30', 'UTC'), '2026-11-28T14:30:00Z');
});

test('local to UTC on both sides of a DST change (Berlin: +01:00 in winter, +02:00 in summer)', () => {
  assert.equal(inc.localToUtc('2026-03-28T12:00', 'Europe/Berlin'), '2026-03-28T11:00:00Z');
  assert.equal(inc.localToUtc('2026-03-29T12:00', 'Europe/Berlin'), '2026-03-29T10:00:00Z');
  assert.equal(inc.localToUtc('2026-03-29T01:59', 'Europe/Berlin'), '2026-03-29T00:59:00Z');
  assert.equal(inc.localToUtc('2026-03-29T03:00', 'Europe/Berlin'), '2026-03-29T01:00:00Z');
  // A time across the change: 24 wall hours apart are 23 real hours apart.
  const a = Date.parse(inc.localToUtc('2026-03-28T09:00', 'Europe/Berlin'));
  const b = Date.parse(inc.localToUtc('2026-03-29T09:00', 'Europe/Berlin'));
  assert.equal(b - a, 23 * HOUR);
});

test('a time skipped by the spring jump counts as the same time after it', () => {
  // 02:30 does not exist in Berlin on 29 March 2026; it is taken as 03:30 CEST.
  assert.equal(inc.localToUtc('2026-03-29T02:30', 'Europe/Berlin'), '2026-03-29T01:30:00Z');
  // New York springs forward on 8 March 2026 at 02:00.
  assert.equal(inc.localToUtc('2026-03-08T02:30', 'America/New_York'), '2026-03-08T07:30:00Z');
});

test('a time that happens twice in autumn is the earlier one', () => {
  // 02:30 on 25 October 2026 happens in CEST (00:30Z) and again in CET (01:30Z).
  assert.equal(inc.localToUtc('2026-10-25T02:30', 'Europe/Berlin'), '2026-10-25T00:30:00Z');
  assert.equal(inc.localToUtc('2026-10-25T03:30', 'Europe/Berlin'), '2026-10-25T02:30:00Z');
  assert.equal(inc.localToUtc('2026-10-25T01:30', 'Europe/Berlin'), '2026-10-24T23:30:00Z');
});

test('invalid local times and zones are refused', () => {
  assert.equal(inc.localToUtc('', 'UTC'), null);
  assert.equal(inc.localToUtc('2026-02-31T10:00', 'UTC'), null);
  assert.equal(inc.localToUtc('2026-11-28 10:00', 'UTC'), null);
  assert.equal(inc.localToUtc('2026-11-28T24:00', 'UTC'), null);
  assert.equal(inc.localToUtc('2026-11-28T10:00', 'Mars/Olympus'), null);
});

test('UTC to the wall-clock value of a datetime-local input, and back', () => {
  assert.equal(inc.utcToLocalInput('2026-11-28T10:30:00Z', 'Asia/Baku'), '2026-11-28T14:30');
  assert.equal(inc.utcToLocalInput('2026-10-25T00:30:00Z', 'Europe/Berlin'), '2026-10-25T02:30');
  assert.equal(inc.utcToLocalInput('2026-10-25T01:30:00Z', 'Europe/Berlin'), '2026-10-25T02:30');
  assert.equal(inc.utcToLocalInput('nonsense', 'UTC'), '');
  for (const iso of ['2026-03-29T01:00:00Z', '2026-07-01T12:45:00Z', '2026-12-31T23:59:00Z']) {
    assert.equal(inc.localToUtc(inc.utcToLocalInput(iso, 'Europe/Berlin'), 'Europe/Berlin'), iso, iso);
  }
});

test('stage fields: times become UTC, empty required fields are named', () => {
  const ok = inc.stageSubmission(
    { status_update: '  contained  ', contained_at: '2026-11-28T12:00' },
    ['status_update', 'contained_at'],
    'Asia/Baku',
  );
  assert.deepEqual(ok, { fields: { status_update: 'contained', contained_at: '2026-11-28T08:00:00Z' } });
  const bad = inc.stageSubmission({ status_update: ' ', contained_at: 'soon' }, ['status_update', 'contained_at'], 'UTC');
  assert.deepEqual(bad, { missing: ['status_update', 'contained_at'] });
  assert.equal(inc.stageFieldKind('classified_at'), 'datetime');
  assert.equal(inc.stageFieldKind('root_cause'), 'text');
});

test('stage field defaults come from the report', () => {
  const incident = {
    malicious: true,
    cross_border: false,
    affected_services: 'Pipeline control',
    indicators: [{ type: 'ipv4-addr', value: '203.0.113.9' }],
    description: 'Ransomware on the historian',
    severity: 'high',
  };
  assert.deepEqual(inc.stageFieldDefaults(incident, ['suspected_malicious', 'cross_border_impact', 'root_cause']), {
    suspected_malicious: 'yes',
    cross_border_impact: 'no',
    root_cause: '',
  });
  assert.equal(inc.stageFieldDefaults(incident, ['indicators_of_compromise']).indicators_of_compromise, 'ipv4-addr: 203.0.113.9');
});

test('indicator rows: blanks dropped, values trimmed, duplicates once', () => {
  assert.deepEqual(
    inc.indicatorsToSend([
      { type: 'ipv4-addr', value: ' 203.0.113.9 ' },
      { type: 'ipv4-addr', value: '203.0.113.9' },
      { type: 'domain-name', value: '' },
      { type: '', value: 'x' },
      { type: 'domain-name', value: 'evil.example' },
    ]),
    [
      { type: 'ipv4-addr', value: '203.0.113.9' },
      { type: 'domain-name', value: 'evil.example' },
    ],
  );
});

const STATS = {
  per_sector_month: [
    { sector: 'energy', month: '2026-10', count: 2 },
    { sector: 'oil_and_gas', month: '2026-11', count: 3 },
    { sector: 'energy', month: '2026-11', count: 1 },
    { sector: 'finance', month: '2026-11', count: 3 },
  ],
  on_time: [
    { month: '2026-11', stages: 4, on_time: 3, share: 0.75 },
    { month: '2026-10', stages: 0, on_time: 0, share: 0 },
  ],
};

test('statistics: months, counts per sector per month and in total', () => {
  assert.deepEqual(inc.statsMonths(STATS), ['2026-10', '2026-11']);
  assert.deepEqual(inc.sectorCounts(STATS, '2026-11'), [
    { sector: 'finance', count: 3 },
    { sector: 'oil_and_gas', count: 3 },
    { sector: 'energy', count: 1 },
  ]);
  assert.deepEqual(inc.sectorCounts(STATS, ''), [
    { sector: 'energy', count: 3 },
    { sector: 'finance', count: 3 },
    { sector: 'oil_and_gas', count: 3 },
  ]);
  assert.equal(inc.sectorMonthCount(STATS, 'energy', '2026-10'), 2);
  assert.equal(inc.sectorMonthCount(STATS, 'finance', '2026-10'), 0);
});

test('statistics: the on-time share as a series, oldest first, no score without stages', () => {
  assert.deepEqual(inc.onTimeSeries(STATS), [
    { at: '2026-10-01T00:00:00Z', score: null, subjects: 0 },
    { at: '2026-11-01T00:00:00Z', score: 0.75, subjects: 4 },
  ]);
});

test('hash routes of the incident pages', () => {
  assert.equal(inc.incidentHref.list(), '#/incidents');
  assert.equal(inc.incidentHref.one(12), '#/incidents/12');
});
