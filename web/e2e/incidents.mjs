#!/usr/bin/env node
// Browser end-to-end test of the incident pages against a real server: an operator reports an
// incident through the form (awareness time typed in the browser's local time and stored in UTC,
// an object from its registry, indicators as rows) and submits its early warning; an incident
// reported through the API with awareness four days ago shows its 24 h and 72 h stages overdue
// (state, CSS class, "overdue by" countdown, badge) and the operator attaches a file to it
// (listed, downloaded as an attachment); the CERT sees it first in its queue, highlighted, sees
// the file (no form to add one), asks a question, triages it and requests the intermediate
// report; the operator answers; the regulator sees the statistics and the regimes and edits the national regime; the
// queue in Azerbaijani. The harness is e2e/harness.mjs.
//
//   node web/e2e/incidents.mjs <path to the qalxan binary>   (default: build/src/app/qalxan)
import {
  AZ,
  EN,
  PASSWORD,
  SEEDED_ORGS,
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

const OBJECT = 'E2E Refinery SCADA';
const OVERDUE = 'E2E historian outage four days ago';
const FRESH = 'E2E phishing on the SCADA jump host';
const QUESTION = 'Which accounts were used on the jump host?';
const ANSWER = 'Only the vendor maintenance account.';
const DAY = 86_400_000;
const ZONE = 'Asia/Baku';
const ATTACHMENT = 'edr-export.html';
const ATTACHMENT_TEXT = '<html><script>alert("not run")</script></html>';

const row = (title) => page.locator(`[data-testid="incident-row"][data-title="${title}"]`);
const stage = (key) => page.locator(`[data-testid="stage"][data-stage="${key}"]`);

async function signIn(username, orgName) {
  await login(username, PASSWORD);
  await visible('topbar');
  await until(`the ${orgName} org name`, async () => (await textOf('org-name')) === orgName);
}

async function signOut() {
  await byTestId('logout').click();
  await visible('login-form');
}

/** A JSON request with the browser's session cookie and CSRF token; fails unless `want`. */
async function apiCall(base, method, path, body, want) {
  const session = await (await page.request.get(`${base}/api/v1/session`)).json();
  const res = await page.request.fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  assert(res.status() === want, `${method} ${path}: HTTP ${res.status()} ${await res.text()}`);
  return res.json();
}

async function openIncident(title) {
  await byTestId('nav-incidents').click();
  await row(title).waitFor();
  await row(title).getByTestId('incident-open').click();
  await until(`the ${title} page`, async () => (await textOf('incident-title')).startsWith(title));
}

async function scenario(binary) {
  // The browser lives in Baku (UTC+4, no DST): typed local times must reach the server in UTC.
  const base = await boot(binary, {}, { timezoneId: ZONE });
  let objectId = 0;
  let overdueId = 0;
  let freshId = 0;

  await step('the operator has Incidents in its navigation', async () => {
    await page.goto(`${base}/`);
    await signIn('operator.admin', SEEDED_ORGS.operator);
    await until('the Incidents link', async () => (await navLabels()).includes(EN['nav.incidents']));
  });

  await step('through the API: a CII object and an incident the operator became aware of 4 days ago', async () => {
    const object = await apiCall(base, 'POST', '/api/v1/objects', { name: OBJECT, kind: 'ot', sector: 'oil_and_gas' }, 201);
    objectId = object.id;
    const incident = await apiCall(
      base,
      'POST',
      '/api/v1/incidents',
      {
        object_ids: [objectId],
        title: OVERDUE,
        description: 'The process historian stopped recording.',
        detection_source: 'operator staff',
        aware_at: new Date(Date.now() - 4 * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        malicious: false,
        cross_border: false,
        affected_services: 'Process history',
        impact: { confidentiality: 'none', integrity: 'low', availability: 'medium' },
        severity: 'medium',
        indicators: [],
      },
      201,
    );
    overdueId = incident.id;
    const states = Object.fromEntries(incident.stages.map((s) => [s.key, s.state]));
    assert(states.early_warning === 'overdue' && states.notification === 'overdue', `states ${JSON.stringify(states)}`);
    return `incident ${overdueId}`;
  });

  await step('the operator\'s list flags the overdue incident (class and badge)', async () => {
    await byTestId('nav-incidents').click();
    await visible('page-incidents');
    await row(OVERDUE).waitFor();
    assert((await row(OVERDUE).getAttribute('data-overdue')) === 'true', 'data-overdue');
    assert((await row(OVERDUE).getAttribute('class')).includes('incident-overdue'), 'row class');
    assert((await row(OVERDUE).getByTestId('overdue-badge').textContent()) === EN['incident.overdueBadge'], 'badge');
    await visible('incidents-overdue-summary');
  });

  await step('the operator reports an incident through the form; awareness in local time is stored in UTC', async () => {
    await visible('report-form');
    await page.locator(`[data-testid="report-object"][data-object-name="${OBJECT}"]`).check();
    await byTestId('report-title').fill(FRESH);
    await byTestId('report-description').fill('A phishing mail led to a login on the SCADA jump host.');
    // One hour ago as the browser's wall clock, to the minute; the UTC instant it stands for.
    const [local, utc] = await page.evaluate(() => {
      const d = new Date(Date.now() - 3_600_000);
      d.setSeconds(0, 0);
      const p = (n) => String(n).padStart(2, '0');
      const wall = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
      return [wall, d.toISOString().replace(/\.\d{3}Z$/, 'Z')];
    });
    await byTestId('report-aware-at').fill(local);
    assert((await page.locator('#report-zone').textContent()).includes(ZONE), 'the form names the time zone');
    await byTestId('report-source').fill('EDR alert');
    await byTestId('report-services').fill('Remote maintenance');
    await byTestId('report-severity').selectOption('high');
    await byTestId('report-malicious').check();
    await byTestId('report-impact-confidentiality').selectOption('medium');
    await byTestId('report-impact-integrity').selectOption('low');
    await page.locator('[data-testid="indicator-row"]').nth(0).getByTestId('indicator-value').fill('203.0.113.7');
    await byTestId('indicator-add').click();
    const second = page.locator('[data-testid="indicator-row"]').nth(1);
    await second.getByTestId('indicator-type').selectOption('domain-name');
    await second.getByTestId('indicator-value').fill('jump-login.example');
    await byTestId('report-submit').click();
    await until('the new incident\'s page', async () => {
      if (await byTestId('report-error').count()) throw new Error(await textOf('report-error'));
      return (await byTestId('incident-page').count()) === 1;
    });
    freshId = Number(await byTestId('incident-page').getAttribute('data-incident-id'));
    const stored = await byTestId('incident-aware-at').getAttribute('data-utc');
    assert(Date.parse(stored) === Date.parse(utc), `aware_at ${stored}, want ${utc}`);
    // Baku is four hours ahead: the wall time typed is the UTC time plus 4 h.
    assert(Date.parse(`${local}:00Z`) - Date.parse(utc) === 4 * 3_600_000, `${local} in ${ZONE} is not ${utc} + 4 h`);
    assert((await page.locator('#report-zone').count()) === 0, 'the form is gone');
    const indicators = await textOf('incident-indicators');
    assert(indicators.includes('203.0.113.7') && indicators.includes('jump-login.example'), indicators);
    assert((await textOf('incident-objects')) === OBJECT, 'object named');
    return `${local} local = ${utc}`;
  });

  await step('its early warning is due with a live countdown, then submitted on time', async () => {
    assert((await stage('early_warning').getAttribute('data-state')) === 'due', 'due');
    const countdown = await stage('early_warning').getByTestId('stage-countdown').textContent();
    assert(/^due in (2[0-3]) h( \d+ min)?$/.test(countdown), `countdown "${countdown}"`);
    assert((await stage('notification').getAttribute('data-state')) === 'due', 'notification due');
    await stage('early_warning').getByTestId('stage-open').click();
    const malicious = stage('early_warning').getByTestId('stage-field-suspected_malicious');
    assert((await malicious.inputValue()) === 'yes', 'prefilled from the report');
    await stage('early_warning').getByTestId('stage-submit').click();
    await until('on time', async () => {
      if (await byTestId('stage-form-error').count()) throw new Error(await textOf('stage-form-error'));
      return (await stage('early_warning').getAttribute('data-state')) === 'on_time';
    });
    await stage('early_warning').getByTestId('stage-submitted').waitFor();
    assert((await stage('early_warning').getByTestId('stage-countdown').count()) === 0, 'no clock once submitted');
    await until('the timeline entry', async () => (await page.locator('[data-testid="timeline-entry"][data-kind="stage"]').count()) >= 1);
    return countdown;
  });

  await step('the incident aware 4 days ago shows both stages overdue, with their overdue time', async () => {
    await openIncident(OVERDUE);
    for (const key of ['early_warning', 'notification']) {
      assert((await stage(key).getAttribute('data-state')) === 'overdue', `${key} overdue`);
      assert((await stage(key).getAttribute('class')).includes('stage-item-overdue'), `${key} class`);
      assert((await stage(key).getByTestId('stage-state').textContent()) === EN['stageState.overdue'], `${key} label`);
    }
    const early = await stage('early_warning').getByTestId('stage-countdown').textContent();
    const notification = await stage('notification').getByTestId('stage-countdown').textContent();
    assert(/^overdue by 3 d( \d+ h)?$/.test(early), `early "${early}"`);
    assert(/^overdue by 1 d( \d+ h)?$/.test(notification), `notification "${notification}"`);
    await visible('overdue-badge');
    return `${early}; ${notification}`;
  });

  await step('the operator attaches a file to it; it is listed and downloads as an attachment', async () => {
    await byTestId('attachment-file').setInputFiles({
      name: ATTACHMENT,
      mimeType: 'text/html',
      buffer: Buffer.from(ATTACHMENT_TEXT),
    });
    await byTestId('attachment-stage').selectOption('early_warning');
    await byTestId('attachment-upload').click();
    const listed = page.locator(`[data-testid="attachment-row"][data-filename="${ATTACHMENT}"]`);
    await until('the attachment listed', async () => {
      if (await byTestId('attachment-error').count()) throw new Error(await textOf('attachment-error'));
      return (await listed.count()) === 1;
    });
    assert((await listed.textContent()).includes('operator.admin'), 'uploader shown');
    await until('the timeline entry', async () => (await page.locator('[data-testid="timeline-entry"][data-kind="attachment"]').count()) === 1);
    const href = await listed.getByTestId('attachment-download').getAttribute('href');
    const res = await page.request.get(`${base}${href}`);
    assert(res.status() === 200, `download HTTP ${res.status()}`);
    assert((await res.text()) === ATTACHMENT_TEXT, 'the same bytes back');
    const headers = res.headers();
    assert(headers['content-type'] === 'application/octet-stream', `content-type ${headers['content-type']}`);
    assert(headers['content-disposition'].startsWith('attachment;'), `disposition ${headers['content-disposition']}`);
    assert(headers['x-content-type-options'] === 'nosniff', 'nosniff');
    return headers['content-disposition'];
  });

  await step('the CERT\'s queue puts the overdue incident first, highlighted', async () => {
    await signOut();
    await signIn('cert.admin', SEEDED_ORGS.cert);
    await byTestId('nav-incidents').click();
    await row(OVERDUE).waitFor();
    await row(FRESH).waitFor();
    const order = await page.locator('[data-testid="incident-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.title));
    assert(order.indexOf(OVERDUE) < order.indexOf(FRESH), `order ${JSON.stringify(order)}`);
    assert((await row(OVERDUE).getAttribute('class')).includes('incident-overdue'), 'highlighted');
    assert((await row(OVERDUE).getByTestId('overdue-badge').count()) === 1, 'badge');
    assert((await row(FRESH).getAttribute('data-overdue')) === 'false', 'the fresh one is not overdue');
    assert((await row(OVERDUE).textContent()).includes(SEEDED_ORGS.operator), 'the organisation shown');
  });

  await step('the CERT asks a question, triages and requests the intermediate report', async () => {
    await row(OVERDUE).getByTestId('incident-open').click();
    await visible('triage-form');
    // The operator's file is there for the CERT to read, with no form to add one.
    await page.locator(`[data-testid="attachment-row"][data-filename="${ATTACHMENT}"]`).waitFor();
    assert((await byTestId('attachment-form').count()) === 0, 'the CERT does not attach files');
    await byTestId('rfi-question').fill(QUESTION);
    await byTestId('rfi-ask').click();
    await until('the question listed', async () => (await page.locator('[data-testid="rfi"]').count()) === 1);
    await byTestId('triage-status').selectOption('triage');
    await byTestId('triage-severity').selectOption('high');
    await byTestId('triage-tlp').selectOption('amber');
    await byTestId('triage-assignee').fill('cert.admin');
    await byTestId('triage-save').click();
    await until('triaged', async () => {
      if (await byTestId('triage-error').count()) throw new Error(await textOf('triage-error'));
      return (await byTestId('incident-page').getAttribute('data-status')) === 'triage';
    });
    assert((await textOf('incident-severity')) === EN['severity.high'], 'severity high');
    assert((await textOf('incident-assignee')) === 'cert.admin', 'assignee');
    assert((await stage('intermediate').getAttribute('data-state')) === 'not_requested', 'not requested yet');
    await stage('intermediate').getByTestId('stage-request').click();
    await until('requested', async () => (await stage('intermediate').getAttribute('data-state')) === 'due');
    await byTestId('note-text').fill('Vendor contacted.');
    await byTestId('note-add').click();
    await until('the note', async () => (await page.locator('[data-testid="timeline-entry"][data-kind="note"]').count()) === 1);
  });

  await step('the operator answers the question', async () => {
    await signOut();
    await signIn('operator.admin', SEEDED_ORGS.operator);
    await page.goto(`${base}/#/incidents/${overdueId}`);
    const rfi = page.locator('[data-testid="rfi"]');
    await rfi.waitFor();
    assert((await rfi.getByTestId('rfi-question-text').textContent()) === QUESTION, 'question');
    assert((await byTestId('triage').count()) === 0, 'no triage for the operator');
    await rfi.getByTestId('rfi-answer').fill(ANSWER);
    await rfi.getByTestId('rfi-answer-send').click();
    await until('answered', async () => (await rfi.getAttribute('data-answered')) === 'true');
    assert((await rfi.getByTestId('rfi-answer-text').textContent()).startsWith(ANSWER), 'answer shown');
  });

  await step('the regulator sees incidents per sector and the on-time share', async () => {
    await signOut();
    await signIn('regulator.admin', SEEDED_ORGS.regulator);
    await byTestId('nav-incidents').click();
    await visible('incident-stats');
    const sector = page.locator('[data-testid="incident-sector-row"][data-sector="oil_and_gas"]');
    await sector.waitFor();
    await until('two oil and gas incidents in the chart', async () =>
      (await byTestId('incident-sector-chart').locator('[data-testid="chart-bar"]').first().getAttribute('data-value')) === '2',
    );
    await visible('incident-ontime-chart');
    await visible('regime-mapping');
    const finance = page.locator('[data-testid="regime-row"][data-sector="finance"] select');
    assert((await finance.inputValue()) === 'dora', 'finance follows DORA');
    await page.locator('[data-testid="regime-stage"][data-regime="nis2"][data-stage="early_warning"]').waitFor();
    return `${freshId} and ${overdueId}`;
  });

  await step('the regulator edits the national regime: a bad duration is named, a good one saved', async () => {
    await visible('regime-editor');
    const first = page.locator('[data-testid="regime-editor-row"][data-row="0"]');
    assert((await first.getByTestId('regime-editor-key').inputValue()) === 'early_warning', 'starts from the NIS2 copy');
    await first.getByTestId('regime-editor-within').fill('12 hours');
    await byTestId('regime-editor-save').click();
    await until('the duration problem', async () =>
      ((await byTestId('regime-editor-problems').textContent()) ?? '').includes(EN['regimeEditor.err.duration']),
    );
    await first.getByTestId('regime-editor-within').fill('PT12H');
    await byTestId('regime-editor-regime-name').fill('Azerbaijan national regime');
    await byTestId('regime-editor-save').click();
    await visible('regime-editor-saved');
    const saved = page.locator('[data-testid="regime-stage"][data-regime="national"][data-stage="early_warning"]');
    await until('the saved window in the stages table', async () => ((await saved.textContent()) ?? '').includes('PT12H'));
    return 'early warning within PT12H';
  });

  await step('the queue and its countdowns are translated into Azerbaijani', async () => {
    await byTestId('lang-select').selectOption('az');
    await until('the az title', async () => (await page.locator('#incidents-title').textContent()) === AZ['nav.incidents']);
    const badge = row(OVERDUE).getByTestId('overdue-badge');
    assert((await badge.textContent()) === AZ['incident.overdueBadge'], 'az badge');
    const next = await row(OVERDUE).getByTestId('incident-next-due').textContent();
    assert(next.includes(AZ['incident.overdueBy'].replace(' {time}', '').replace('{time} ', '')), `az countdown "${next}"`);
    await byTestId('lang-select').selectOption('en');
    return next;
  });
}

process.exit(await runMain('web_e2e_incidents', scenario));
