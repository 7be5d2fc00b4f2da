#!/usr/bin/env node
// Browser end-to-end test of campaigns against a real server: the regulator plans a campaign of
// the oil and gas sector from #/campaigns; the board shows the seeded operator's objects, each
// with a new draft assessment; the operator answers and submits one of them and exports it (OSCAL
// JSON and CSV downloads); back on the board the regulator sees that row submitted, the counts
// moved, and the state filter showing it alone. The harness is e2e/harness.mjs.
//
//   node web/e2e/campaigns.mjs <path to the qalxan binary>   (default: build/src/app/qalxan)
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EN,
  PASSWORD,
  REPO,
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

const FIXTURES = join(REPO, 'tests', 'fixtures', 'catalogs-mini');
const CAMPAIGN = 'Oil and gas inspection 2027';
const SUBJECT = 'Corporate ERP';

/** A catalog directory: the mini catalog and its operator profile as the oil and gas profile. */
function catalogDir() {
  const dir = mkdtempSync(join(tmpdir(), 'qalxan-e2e-catalogs-'));
  mkdirSync(join(dir, 'profiles'));
  copyFileSync(join(FIXTURES, 'mini.catalog.json'), join(dir, 'mini.catalog.json'));
  copyFileSync(join(FIXTURES, 'mini.az.json'), join(dir, 'mini.az.json'));
  copyFileSync(join(FIXTURES, 'profiles', 'mini-ops.profile.json'), join(dir, 'profiles', 'oil-and-gas.profile.json'));
  return dir;
}

const isoDate = (offsetDays) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const boardRow = (name) =>
  page.locator('[data-testid="campaign-board-row"]').filter({ hasText: name });
const count = async (state) => Number(await byTestId(`campaign-count-${state}`).getAttribute('data-count'));

async function signIn(username, orgName) {
  await login(username, PASSWORD);
  await visible('topbar');
  await until(`the ${orgName} org name`, async () => (await textOf('org-name')) === orgName);
}

async function signOut() {
  await byTestId('logout').click();
  await visible('login-form');
}

/** Clicks a download link and returns the file's name and text. */
async function download(testId) {
  const [file] = await Promise.all([page.waitForEvent('download'), byTestId(testId).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

async function scenario(binary, catalogs) {
  const base = await boot(binary, { QALXAN_CATALOGS: catalogs });
  let campaignId = 0;
  let assessmentId = 0;
  let subjects = 0;

  await step('regulator.admin gets campaigns in the navigation; the operator does not', async () => {
    await page.goto(`${base}/`);
    await visible('login-form');
    await signIn('regulator.admin', SEEDED_ORGS.regulator);
    assert((await navLabels()).includes(EN['nav.campaigns']), 'campaigns in the nav');
    await byTestId('nav-campaigns').click();
    await visible('page-campaigns');
    await visible('new-campaign-form');
  });

  await step('the form refuses a campaign without a profile before sending it', async () => {
    await byTestId('campaign-name').fill(CAMPAIGN);
    await byTestId('new-campaign-submit').click();
    await until('the profile error', async () => (await textOf('new-campaign-error')) === EN['campaigns.errorProfile']);
  });

  await step('the regulator plans a campaign of the oil and gas sector', async () => {
    const profileId = await page.evaluate(async () => {
      const r = await fetch('/api/v1/catalogs?limit=1000', { credentials: 'same-origin' });
      const body = await r.json();
      return String(body.items.find((c) => c.name === 'oil-and-gas').id);
    });
    await byTestId('campaign-profile').selectOption(profileId);
    await byTestId('campaign-due').fill(isoDate(60));
    await byTestId('campaign-mode-sector').check();
    await byTestId('campaign-sector').selectOption('oil_and_gas');
    await byTestId('campaign-description').fill('Yearly self-assessment of every oil and gas object');
    await byTestId('new-campaign-submit').click();
    await until('the campaign board', async () => (await textOf('campaign-title')) === CAMPAIGN);
    await until('the campaign route', async () => /#\/campaigns\/[0-9]+$/.test(page.url()));
    campaignId = Number(page.url().split('#/campaigns/')[1]);
    assert(campaignId > 0, `campaign id from ${page.url()}`);
    return `campaign ${campaignId}`;
  });

  await step('the board shows every seeded object as a draft', async () => {
    await until('the rows', async () => (await page.locator('[data-testid="campaign-board-row"]').count()) >= 2);
    subjects = Number(await textOf('campaign-count-total'));
    assert(subjects === (await page.locator('[data-testid="campaign-board-row"]').count()), 'one row per subject');
    assert((await count('draft')) === subjects, `all drafts: ${await count('draft')} of ${subjects}`);
    assert((await count('submitted')) === 0, 'nothing submitted');
    const row = boardRow(SUBJECT);
    assert((await row.getAttribute('data-state')) === 'draft', 'ERP is a draft');
    assert((await row.textContent()).includes(SEEDED_ORGS.operator), 'the owner is named');
    const href = await row.getByTestId('campaign-row-assessment').getAttribute('href');
    assessmentId = Number(href.split('/').pop());
    assert(assessmentId > 0, `assessment link ${href}`);
    await signOut();
    return `${subjects} subjects; ${SUBJECT} is assessment ${assessmentId}`;
  });

  await step('the operator answers and submits its assessment', async () => {
    await signIn('operator.admin', SEEDED_ORGS.operator);
    assert(!(await navLabels()).includes(EN['nav.campaigns']), 'no campaigns for the operator');
    await page.goto(`${base}/#/assessments/${assessmentId}`);
    await visible('assessment-summary');
    const items = page.locator('[data-testid="assessment-item"]');
    await until('the requirements', async () => (await items.count()) > 0);
    const controls = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-control')));
    for (const control of controls) {
      const item = page.locator(`[data-testid="assessment-item"][data-control="${control}"]`);
      await item.getByTestId('answer-compliant').check();
      await item.getByTestId('answer-save').click();
      await until(`${control} saved`, async () => (await item.getAttribute('data-result')) === 'compliant');
    }
    await byTestId('flow-submit').click();
    await until('submitted', async () => (await byTestId('assessment-summary').getByTestId('assessment-status').getAttribute('data-status')) === 'submitted');
    return `${controls.length} requirements`;
  });

  await step('the assessment exports as OSCAL JSON and CSV', async () => {
    const oscal = await download('export-oscal');
    assert(oscal.name === `assessment-${assessmentId}.oscal.json`, `file name ${oscal.name}`);
    const doc = JSON.parse(oscal.text)['assessment-results'];
    assert(doc.metadata['oscal-version'] === '1.1.2', 'OSCAL version');
    assert(doc.results[0].findings.every((f) => f.target.status.state === 'satisfied'), 'every finding satisfied');
    const csv = await download('export-csv');
    assert(csv.name === `assessment-${assessmentId}.csv`, `file name ${csv.name}`);
    const lines = csv.text.trim().split('\r\n');
    assert(lines[0].startsWith('assessment_id,catalog_id,control_id'), `header ${lines[0]}`);
    assert(lines.length === doc.results[0].findings.length + 1, `${lines.length} lines`);
    await signOut();
  });

  await step('the regulator sees the row submitted and the counts moved', async () => {
    await signIn('regulator.admin', SEEDED_ORGS.regulator);
    await page.goto(`${base}/#/campaigns/${campaignId}`);
    await until('the board', async () => (await textOf('campaign-title')) === CAMPAIGN);
    await until('ERP submitted', async () => (await boardRow(SUBJECT).getAttribute('data-state')) === 'submitted');
    assert((await count('submitted')) === 1, 'one submitted');
    assert((await count('draft')) === subjects - 1, 'the rest drafts');
    await byTestId('campaign-count-submitted').click();
    await until('only the submitted row', async () => {
      const rows = page.locator('[data-testid="campaign-board-row"]');
      return (await rows.count()) === 1 && (await rows.first().getAttribute('data-state')) === 'submitted';
    });
  });

  await step('the campaign list shows it with its subjects', async () => {
    await byTestId('nav-campaigns').click();
    const row = page.locator(`[data-testid="campaign-row"][data-campaign-id="${campaignId}"]`);
    await row.waitFor();
    assert((await row.textContent()).includes(String(subjects)), 'subject count');
    assert((await row.textContent()).includes(EN['sector.oil_and_gas']), 'the sector');
  });
}

const catalogs = catalogDir();
const code = await runMain('web_e2e_campaigns', (binary) => scenario(binary, catalogs));
rmSync(catalogs, { recursive: true, force: true });
process.exit(code);
