#!/usr/bin/env node
// Browser end-to-end test of the dashboard against a real server: sign-in, languages, navigation
// by role, organisations, users, API tokens and the audit trail. The harness (server, Chromium,
// steps, cleanup) is e2e/harness.mjs; the requirement pages have their own e2e/requirements.mjs.
//
//   node web/e2e/run.mjs <path to the qalxan binary>   (default: build/src/app/qalxan)
//   npm --prefix web run e2e -- <path to the qalxan binary>
//
// Prints one line per step; fails on any failed assertion and on any browser console error or
// page error. Exit code 0 on success, 1 on failure. QX_E2E_SCREENSHOTS=<dir> saves a screenshot
// after every step; on failure one goes to web/test-results/e2e-failure.png.
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

async function scenario(binary) {
  const base = await boot(binary);

  await step('login page is shown in English by default', async () => {
    await page.goto(`${base}/`);
    await visible('login-form');
    assert((await page.getAttribute('html', 'lang')) === 'en', '<html lang> is "en"');
  });

  await step('a wrong password shows the server error message', async () => {
    await login('regulator.admin', 'definitely-not-the-password');
    await visible('login-error');
    const message = await textOf('login-error');
    assert(message.length > 0, 'the error message is not empty');
    return message;
  });

  await step('regulator.admin logs in', async () => {
    await login('regulator.admin', PASSWORD);
    await visible('topbar');
    await until('the regulator org name', async () => (await textOf('org-name')) === SEEDED_ORGS.regulator);
    assert((await textOf('user-name')).length > 0, 'display name shown');
    assert((await textOf('org-kind')) === EN['kind.regulator'], 'org kind shown');
    await visible('page-overview');
  });

  await step('regulator navigation is Overview, Requirements, Threat intelligence, Organisations, Audit', async () => {
    const labels = await navLabels();
    const want = [
      'overview',
      'requirements',
      'intel',
      'registry',
      'assessments',
      'campaigns',
      'posture',
      'incidents',
      'providers',
      'orgs',
      'audit',
    ].map((id) => EN[`nav.${id}`]);
    assert(JSON.stringify(labels) === JSON.stringify(want), `nav ${JSON.stringify(labels)}`);
  });

  await step('switching to az translates the navigation and persists', async () => {
    await byTestId('lang-select').selectOption('az');
    await until('the az label', async () => (await textOf('nav-orgs')) === AZ['nav.orgs']);
    assert((await page.getAttribute('html', 'lang')) === 'az', '<html lang> is "az"');
    assert(AZ['nav.orgs'] !== EN['nav.orgs'], 'az label differs from en');
    await page.reload();
    await visible('topbar');
    await until('az after reload', async () => (await textOf('nav-audit')) === AZ['nav.audit']);
    await byTestId('lang-select').selectOption('en');
    await until('the en label', async () => (await textOf('nav-orgs')) === EN['nav.orgs']);
    return AZ['nav.orgs'];
  });

  await step('the org switcher lists the seeded organisations', async () => {
    await visible('org-switcher');
    const names = await until('organisations in the switcher', async () => {
      const options = await byTestId('org-switcher').locator('option').allTextContents();
      return options.length >= 4 ? options.map((s) => s.trim()) : null;
    });
    for (const name of Object.values(SEEDED_ORGS)) assert(names.includes(name), `switcher has "${name}"`);
    return `${names.length} organisations`;
  });

  await step('selecting the demo operator shows its users', async () => {
    await byTestId('org-switcher').selectOption({ label: SEEDED_ORGS.operator });
    await byTestId('nav-orgs').click();
    await visible('page-orgs');
    await until('operator details', async () => (await textOf('org-details')).includes(SEEDED_ORGS.operator));
    await visible('users-table');
    await page.locator('[data-testid="user-row"][data-username="operator.admin"]').waitFor();
  });

  await step('the regulator admin adds a user to the operator', async () => {
    await byTestId('add-user-toggle').click();
    await byTestId('add-user-username').fill('e2e.analyst');
    await byTestId('add-user-display-name').fill('E2E Analyst');
    await byTestId('add-user-role').selectOption('analyst');
    await byTestId('add-user-password').fill('e2e-analyst-password-42');
    await byTestId('add-user-submit').click();
    await Promise.race([
      visible('add-user-done'),
      visible('add-user-error').then(async () => {
        throw new Error(`add user failed: ${await textOf('add-user-error')}`);
      }),
    ]);
    await page.locator('[data-testid="user-row"][data-username="e2e.analyst"]').waitFor();
  });

  await step('an API token is created, its secret shown once, then revoked', async () => {
    await byTestId('new-token-toggle').click();
    await byTestId('new-token-name').fill('e2e token');
    await byTestId('new-token-role').selectOption('analyst');
    await byTestId('new-token-days').fill('7');
    await byTestId('new-token-submit').click();
    await Promise.race([
      visible('token-secret'),
      visible('new-token-error').then(async () => {
        throw new Error(`create token failed: ${await textOf('new-token-error')}`);
      }),
    ]);
    const secret = await textOf('token-secret');
    assert(secret.startsWith('qxt_'), `secret starts with qxt_ (got ${secret.slice(0, 8)}…)`);
    const row = page.locator('[data-testid="token-row"][data-token-name="e2e token"]');
    await row.waitFor();
    await byTestId('token-secret-dismiss').click();
    assert(await absent('token-secret'), 'the secret is gone once dismissed');
    await row.getByTestId('token-revoke').click();
    await until('the token marked revoked', async () => (await row.getByTestId('token-revoke').count()) === 0);
  });

  await step('the audit trail shows records', async () => {
    await byTestId('nav-audit').click();
    await visible('page-audit');
    const rows = await until('audit rows', async () => {
      const n = await byTestId('audit-row').count();
      return n > 0 ? n : 0;
    });
    return `${rows} rows`;
  });

  await step('regulator.admin logs out', async () => {
    await byTestId('logout').click();
    await visible('login-form');
    assert(await absent('topbar'), 'top bar gone');
  });

  await step('operator.admin logs in', async () => {
    await login('operator.admin', PASSWORD);
    await visible('topbar');
    await until('the operator org name', async () => (await textOf('org-name')) === SEEDED_ORGS.operator);
  });

  await step('operator sees no Audit trail link and no org switcher', async () => {
    await visible('nav-overview');
    const labels = await navLabels();
    const want = ['overview', 'requirements', 'intel', 'registry', 'assessments', 'posture', 'incidents', 'training', 'providers', 'orgs'].map(
      (id) => EN[`nav.${id}`],
    );
    assert(JSON.stringify(labels) === JSON.stringify(want), `nav ${JSON.stringify(labels)}`);
    assert(await absent('nav-audit'), 'no audit link');
    assert(await absent('org-switcher'), 'no org switcher');
    await page.goto(`${base}/#/audit`);
    await visible('page-overview');
    assert(await absent('page-audit'), 'the audit page does not open by URL');
  });

  await step('operator admin sees its own users', async () => {
    await byTestId('nav-orgs').click();
    await visible('page-orgs');
    await page.locator('[data-testid="user-row"][data-username="operator.admin"]').waitFor();
    await page.locator('[data-testid="user-row"][data-username="e2e.analyst"]').waitFor();
  });

  await step('operator.admin logs out', async () => {
    await byTestId('logout').click();
    await visible('login-form');
  });
}

process.exit(await runMain('web_e2e', scenario));
