#!/usr/bin/env node
// Browser end-to-end test of the threat-intelligence pages against a real server: collections,
// sharing indicators through the form (value check, TLP GREEN and AMBER+STRICT), searching a
// collection as the producer and as another organisation (TLP decides what it sees), a sighting
// posted over TAXII with the session cookie, and the CERT's most sighted indicators and the
// indicator page with its sightings. The harness is e2e/harness.mjs.
//
//   node web/e2e/intel.mjs <path to the qalxan binary>   (default: build/src/app/qalxan)
//   npm --prefix web run e2e:intel -- <path to the qalxan binary>
import {
  AZ,
  EN,
  PASSWORD,
  SEEDED_ORGS,
  absent,
  assert,
  boot,
  byTestId,
  login,
  navLabels,
  page,
  runMain,
  step,
  textOf,
  until,
  visible,
} from './harness.mjs';

// TEST-NET-3 (RFC 5737): documentation addresses.
const GREEN_IP = '203.0.113.77';
const STRICT_IP = '203.0.113.78';
const SEARCH = '203.0.113.';
const GREEN_NAME = 'E2E command-and-control server';
const STRICT_NAME = 'E2E staging host';
const TLP_COLOURS = { GREEN: 'rgb(51, 255, 0)', 'AMBER+STRICT': 'rgb(255, 192, 0)' };

const collectionRow = (title) => page.locator(`[data-testid="collection-row"][data-collection-title="${title}"]`);
const rows = () => page.locator('[data-testid="intel-row"]');
/** The rows of the contents table as {id, tlp, text}. */
const rowData = () =>
  rows().evaluateAll((els) =>
    els.map((e) => ({ id: e.dataset.objectId, tlp: e.dataset.tlp, text: e.textContent ?? '' })),
  );

async function signIn(username, orgName) {
  await login(username, PASSWORD);
  await visible('topbar');
  await until(`the ${orgName} org name`, async () => (await textOf('org-name')) === orgName);
}

async function signOut() {
  await byTestId('logout').click();
  await visible('login-form');
}

async function openCollection(title) {
  await byTestId('nav-intel').click();
  await visible('page-intel');
  await collectionRow(title).getByTestId('collection-open').click();
  await page.locator(`[data-testid="collection-panel"][data-collection-title="${title}"]`).waitFor();
}

async function search(text) {
  await byTestId('intel-search').fill(text);
  await byTestId('intel-apply').click();
}

async function share({ ip, name, tlp }) {
  if (!(await byTestId('share-form').isVisible())) await byTestId('share-toggle').click();
  await byTestId('share-type').selectOption('ipv4');
  await byTestId('share-value').fill(ip);
  await byTestId('share-name').fill(name);
  await byTestId('share-tlp').selectOption(tlp);
  const before = (await absent('share-open')) ? '' : await textOf('share-open');
  await byTestId('share-submit').click();
  // The answer replaces an earlier success message: wait for the new indicator's id.
  const id = await until('the success message', async () => {
    if (await byTestId('share-error').count()) throw new Error(await textOf('share-error'));
    const shown = (await absent('share-open')) ? '' : await textOf('share-open');
    return shown && shown !== before ? shown : null;
  });
  assert(/^indicator--[0-9a-f-]{36}$/.test(id), `the new indicator's id: ${id}`);
  return id;
}

async function scenario(binary) {
  const base = await boot(binary);
  let greenId = '';
  let strictId = '';

  await step('operator.admin logs in and has Threat intelligence in the navigation', async () => {
    await page.goto(`${base}/`);
    await visible('login-form');
    await signIn('operator.admin', SEEDED_ORGS.operator);
    const labels = await navLabels();
    assert(labels.includes(EN['nav.intel']), `nav ${JSON.stringify(labels)}`);
    assert(await absent('intel-tab-most-sighted'), 'no most-sighted tab outside the CERT');
  });

  await step('the collections show titles, descriptions and read/write access', async () => {
    await byTestId('nav-intel').click();
    await visible('page-intel');
    await collectionRow('National').waitFor();
    const national = collectionRow('National');
    assert((await national.textContent()).includes('every registered organisation'), 'National description');
    assert((await national.getByTestId('badge-can-read').count()) === 1, 'National is readable');
    assert((await national.getByTestId('badge-can-write').count()) === 1, 'National is writable');
    const inbox = collectionRow('CERT inbox');
    assert((await inbox.getByTestId('badge-can-read').count()) === 0, 'the CERT inbox is not readable');
    assert((await inbox.getByTestId('badge-can-write').count()) === 1, 'the CERT inbox is writable');
    return `${await page.locator('[data-testid="collection-row"]').count()} collections`;
  });

  await step('the share form refuses an invalid IPv4 address before sending it', async () => {
    await openCollection('National');
    await byTestId('share-toggle').click();
    await byTestId('share-type').selectOption('ipv4');
    await byTestId('share-value').fill('203.0.113');
    await byTestId('share-submit').click();
    await visible('share-invalid');
    assert(await absent('share-done'), 'nothing shared');
    return await textOf('share-invalid');
  });

  await step('operator.admin shares a GREEN IPv4 indicator in National', async () => {
    greenId = await share({ ip: GREEN_IP, name: GREEN_NAME, tlp: 'GREEN' });
    assert(await absent('share-invalid'), 'the value check passed');
    return greenId;
  });

  await step('searching National lists it with a GREEN badge in the TLP colours', async () => {
    await search(SEARCH);
    await until('the GREEN indicator', async () => (await rowData()).some((r) => r.id === greenId));
    const row = page.locator(`[data-testid="intel-row"][data-object-id="${greenId}"]`);
    assert((await row.getAttribute('data-tlp')) === 'GREEN', 'GREEN row');
    const badge = row.getByTestId('tlp-badge');
    assert((await badge.textContent()).trim() === 'TLP:GREEN', 'the badge text');
    const colours = await badge.evaluate((e) => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]);
    assert(colours[0] === TLP_COLOURS.GREEN && colours[1] === 'rgb(0, 0, 0)', `badge colours ${colours}`);
    const text = await row.textContent();
    assert(text.includes(GREEN_NAME), 'the name');
    assert(text.includes(`[ipv4-addr:value = '${GREEN_IP}']`), 'the pattern');
    assert(text.includes(EN['stixType.indicator']), 'the type');
  });

  await step('the recipients field appears for AMBER only; an AMBER+STRICT indicator is shared', async () => {
    await byTestId('share-tlp').selectOption('AMBER');
    await visible('share-recipient-ids');
    await byTestId('share-tlp').selectOption('AMBER+STRICT');
    await until('no recipients field', () => absent('share-recipient-ids'));
    strictId = await share({ ip: STRICT_IP, name: STRICT_NAME, tlp: 'AMBER+STRICT' });
    await until('both indicators listed', async () => {
      const data = await rowData();
      return data.some((r) => r.id === strictId && r.tlp === 'AMBER+STRICT') && data.some((r) => r.id === greenId);
    });
    const colour = await page
      .locator(`[data-testid="intel-row"][data-object-id="${strictId}"]`)
      .getByTestId('tlp-badge')
      .evaluate((e) => getComputedStyle(e).color);
    assert(colour === TLP_COLOURS['AMBER+STRICT'], `AMBER+STRICT colour ${colour}`);
    return strictId;
  });

  await step("the server's failure message is shown when it rejects an indicator", async () => {
    // The form only sends valid values, so the test breaks the pattern on its way to the server.
    const pattern = /\/taxii2\/qalxan\/collections\/[^/]+\/objects\/$/;
    await page.route(pattern, (route) => {
      const envelope = JSON.parse(route.request().postData() ?? '{}');
      envelope.objects[0].pattern = "[ipv4-addr:value = '203.0.113.79'";
      return route.continue({ postData: JSON.stringify(envelope) });
    });
    try {
      await byTestId('share-type').selectOption('ipv4');
      await byTestId('share-value').fill('203.0.113.79');
      await byTestId('share-tlp').selectOption('GREEN');
      await byTestId('share-submit').click();
      await visible('share-error');
      const message = await textOf('share-error');
      assert(message.includes('pattern'), `the server's message: ${message}`);
      assert(await absent('share-done'), 'no success shown');
      return message;
    } finally {
      await page.unroute(pattern);
    }
  });

  await step('the type filter narrows the contents to sightings (none yet)', async () => {
    await byTestId('intel-type').selectOption('sighting');
    await visible('intel-empty');
    await byTestId('intel-type').selectOption('indicator');
    await until('the indicators again', async () => (await rowData()).length === 2);
  });

  await step('operator.admin logs out; provider.admin logs in', async () => {
    await signOut();
    await signIn('provider.admin', SEEDED_ORGS.provider);
  });

  await step('provider.admin searching National sees only the GREEN indicator', async () => {
    await openCollection('National');
    await search(SEARCH);
    await until('the GREEN indicator', async () => (await rowData()).some((r) => r.id === greenId));
    const data = await rowData();
    assert(data.length === 1, `one row, got ${JSON.stringify(data.map((r) => [r.id, r.tlp]))}`);
    assert(data[0].tlp === 'GREEN', 'GREEN');
    assert(!data.some((r) => r.id === strictId), 'the AMBER+STRICT indicator stays hidden');
  });

  let sightingDay = ''; // the UTC day of the sighting's last_seen
  await step('provider.admin posts a sighting of it over TAXII with the session cookie', async () => {
    const answer = await page.evaluate(async (indicatorId) => {
      const taxii = 'application/taxii+json;version=2.1';
      const session = await (await fetch('/api/v1/session', { credentials: 'same-origin' })).json();
      const list = await fetch('/taxii2/qalxan/collections/', {
        credentials: 'same-origin',
        headers: { Accept: taxii },
      });
      const national = (await list.json()).collections.find((c) => c.title === 'National');
      const now = new Date();
      const at = now.toISOString();
      const sighting = {
        type: 'sighting',
        spec_version: '2.1',
        id: `sighting--${crypto.randomUUID()}`,
        created: at,
        modified: at,
        sighting_of_ref: indicatorId,
        count: 3,
        // TLP:GREEN, so that the CERT is told who sighted it (an unmarked object is AMBER).
        object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'],
        first_seen: new Date(now.getTime() - 3_600_000).toISOString(),
        last_seen: at,
      };
      const response = await fetch(`/taxii2/qalxan/collections/${national.id}/objects/`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { Accept: taxii, 'Content-Type': taxii, 'X-CSRF-Token': session.csrf_token },
        body: JSON.stringify({ objects: [sighting] }),
      });
      return { status: response.status, body: await response.json(), org: session.org.id, at };
    }, greenId);
    sightingDay = answer.at.slice(0, 10);
    assert(answer.status === 202, `POST answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    assert(answer.body.status === 'complete' && answer.body.success_count === 1, JSON.stringify(answer.body));
    return `provider org ${answer.org}`;
  });

  await step('provider.admin logs out; cert.admin logs in', async () => {
    await signOut();
    await signIn('cert.admin', SEEDED_ORGS.cert);
  });

  await step('"Most sighted" lists the indicator: 1 organisation, count 3', async () => {
    await byTestId('nav-intel').click();
    await visible('page-intel');
    await byTestId('intel-tab-most-sighted').click();
    const row = page.locator(`[data-testid="most-sighted-row"][data-indicator-id="${greenId}"]`);
    await row.waitFor();
    assert((await row.getByTestId('most-sighted-organisations').textContent()).trim() === '1', '1 organisation');
    assert((await row.getByTestId('most-sighted-count').textContent()).trim() === '3', 'count 3');
    await until('the indicator named', async () =>
      (await row.getByTestId('most-sighted-open').textContent()).includes(GREEN_NAME),
    );
    const ranked = await page.locator('[data-testid="most-sighted-row"]').count();
    assert(ranked === 1, `one sighted indicator, got ${ranked}`);
  });

  await step('the indicator page shows its details and the sightings by organisation', async () => {
    await page
      .locator(`[data-testid="most-sighted-row"][data-indicator-id="${greenId}"]`)
      .getByTestId('most-sighted-open')
      .click();
    await page.locator(`[data-testid="indicator-page"][data-indicator-id="${greenId}"]`).waitFor();
    await until('the pattern', async () => (await textOf('indicator-pattern')) === `[ipv4-addr:value = '${GREEN_IP}']`);
    assert((await textOf('indicator-title')) === GREEN_NAME, 'the name as title');
    assert((await byTestId('indicator-tlp').getByTestId('tlp-badge').getAttribute('data-tlp')) === 'GREEN', 'GREEN');
    assert((await textOf('indicator-valid-from')) !== '—', 'valid_from shown');
    assert((await textOf('indicator-valid-until')) === EN['intel.noExpiry'], 'no valid_until');
    assert((await byTestId('indicator-revoked').getAttribute('data-revoked')) === 'false', 'not revoked');
    assert((await textOf('indicator-producer')) === SEEDED_ORGS.operator, 'shared by the operator');
    await visible('sightings');
    assert((await textOf('sightings-organisations')) === '1', '1 organisation');
    assert((await textOf('sightings-count')) === '3', 'count 3');
    assert((await textOf('sightings-named')) === '1', 'the organisation is named');
    assert((await textOf('sightings-anonymous')) === '0', 'none anonymous');
    assert((await textOf('sightings-first-seen')) !== '—', 'first seen');
    assert((await textOf('sightings-last-seen')) !== '—', 'last seen');
    const orgRows = page.locator('[data-testid="sighting-org-row"]');
    assert((await orgRows.count()) === 1, 'one organisation row');
    const orgRow = await orgRows.first().textContent();
    assert(orgRow.includes(SEEDED_ORGS.provider), `the provider named: ${orgRow}`);
    const bars = byTestId('sightings-chart').locator('[data-testid="chart-bar"]');
    assert((await bars.count()) === 1, 'one bar');
    assert((await bars.first().getAttribute('data-value')) === '3', 'the bar is 3');
    const svg = byTestId('sightings-chart').locator('svg');
    assert((await svg.getAttribute('role')) === 'img', 'the chart is an image');
    assert((await svg.locator('title').textContent()) === EN['intel.chartTitle'], 'with a title');
    const days = byTestId('sightings-timeline').locator('[data-testid="chart-day"]');
    assert((await days.count()) === 1, 'one day in the timeline');
    assert((await days.first().getAttribute('data-value')) === '3', 'the day is 3');
    assert((await days.first().getAttribute('data-date')) === sightingDay, `the day of last_seen, ${sightingDay}`);
    const timeline = byTestId('sightings-timeline').locator('svg > title');
    assert((await timeline.textContent()) === EN['intel.timelineTitle'], 'the timeline has a title');
  });

  await step('switching to az translates the indicator page', async () => {
    await byTestId('lang-select').selectOption('az');
    await until('the az heading', async () => (await page.locator('#intel-title').textContent()) === AZ['nav.intel']);
    assert((await page.locator('#sightings-title').textContent()) === AZ['intel.sightings'], 'az sightings');
    await byTestId('lang-select').selectOption('en');
    await until('the en heading', async () => (await page.locator('#intel-title').textContent()) === EN['nav.intel']);
  });

  await step('cert.admin logs out', async () => {
    await signOut();
  });
}

process.exit(await runMain('web_e2e_intel', scenario));
