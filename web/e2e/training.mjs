#!/usr/bin/env node
// Browser end-to-end test of the Training page (#/training) against a real server: the
// operator's admin adds a course, four staff members and an audience of them; coverage starts at
// 0 of 4; a completion entered by hand moves it to 1 of 4; a CSV file with bad rows is checked
// (the rows named with their columns, import refused, nothing written); the corrected file is
// checked (its duplicate of the hand-entered completion counted) and imported; coverage is 4 of
// 4. The harness is e2e/harness.mjs.
//
//   node web/e2e/training.mjs <path to the qalxan binary>   (default: build/src/app/qalxan)
import {
  EN,
  PASSWORD,
  SEEDED_ORGS,
  allowHttpError,
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

const COURSE = 'E2E Phishing awareness';
const AUDIENCE = 'E2E Control room';
const STAFF = [1, 2, 3, 4].map((n) => ({ ref: `E2E-${n}`, name: `Operator ${n}`, email: `e2e${n}@example.az` }));
const today = () => new Date().toISOString().slice(0, 10);

const coverageRow = () => page.locator(`[data-testid="coverage-row"][data-audience="${AUDIENCE}"][data-course="${COURSE}"]`);
const trained = async () => {
  const cell = coverageRow().getByTestId('coverage-trained');
  return `${await cell.getAttribute('data-trained')}/${await cell.getAttribute('data-members')}`;
};
const csv = (rows) => ({ name: 'completions.csv', mimeType: 'text/csv', buffer: Buffer.from(`${rows.join('\r\n')}\r\n`) });

async function scenario(binary) {
  const base = await boot(binary);

  await step('the operator admin finds Training in the navigation', async () => {
    await page.goto(`${base}/`);
    await visible('login-form');
    await login('operator.admin', PASSWORD);
    await visible('topbar');
    await until('the operator', async () => (await textOf('org-name')) === SEEDED_ORGS.operator);
    assert((await navLabels()).includes(EN['nav.training']), 'training in the nav');
    await byTestId('nav-training').click();
    await visible('page-training');
    assert((await page.locator('#training-title').textContent()) === EN['nav.training'], 'the title');
  });

  await step('a course, four staff members and an audience of them; coverage 0 of 4', async () => {
    await byTestId('course-title').fill(COURSE);
    await byTestId('course-recurrence').fill('12');
    await byTestId('course-submit').click();
    await page.locator(`[data-testid="course-row"][data-course="${COURSE}"]`).waitFor();
    for (const s of STAFF) {
      await byTestId('staff-ref').fill(s.ref);
      await byTestId('staff-name').fill(s.name);
      await byTestId('staff-email').fill(s.email);
      await byTestId('staff-submit').click();
      await page.locator(`[data-testid="staff-row"][data-staff-ref="${s.ref}"]`).waitFor();
    }
    await byTestId('audience-name').fill(AUDIENCE);
    for (const s of STAFF) await page.locator(`[data-testid="audience-member"][data-staff-ref="${s.ref}"]`).check();
    await byTestId('audience-submit').click();
    await coverageRow().waitFor();
    await until('0 of 4 trained', async () => (await trained()) === '0/4');
    assert((await coverageRow().getByTestId('coverage-percent').getAttribute('data-percent')) === '0', '0%');
  });

  await step('a completion entered by hand: 1 of 4', async () => {
    await byTestId('completion-staff').selectOption({ label: `${STAFF[0].name} (${STAFF[0].ref})` });
    await byTestId('completion-course').selectOption({ label: COURSE });
    await byTestId('completion-date').fill(today());
    await byTestId('completion-submit').click();
    await until('1 of 4 trained', async () => (await trained()) === '1/4');
    return `${await coverageRow().getByTestId('coverage-percent').textContent()}`;
  });

  await step('a CSV with bad rows names each with its column and writes nothing', async () => {
    allowHttpError(400, /^\/api\/v1\/orgs\/\d+\/training\/completions\/import/);
    const header = 'staff_email,course,completed_on';
    await byTestId('completion-import-file').setInputFiles(
      csv([
        header,
        `e2e2@example.az,${COURSE},${today()}`,
        `nobody@example.az,${COURSE},${today()}`,
        `e2e3@example.az,${COURSE},2999-01-01`,
      ]),
    );
    await byTestId('completion-import-check').click();
    await visible('completion-import-problems');
    const rows = page.locator('[data-testid="completion-import-error-row"]');
    assert((await rows.count()) === 2, 'two bad rows');
    assert((await rows.nth(0).getAttribute('data-row')) === '2', 'row 2');
    assert((await rows.nth(0).getAttribute('data-column')) === 'staff_email', 'its e-mail');
    assert((await rows.nth(1).getAttribute('data-column')) === 'completed_on', 'row 3 its date');
    assert(await byTestId('completion-import-submit').isDisabled(), 'no import while rows are bad');
    await byTestId('nav-overview').click();
    await byTestId('nav-training').click();
    await coverageRow().waitFor();
    await until('still 1 of 4', async () => (await trained()) === '1/4');
  });

  await step('the corrected file: a dry run counts the duplicate, the import brings coverage to 4 of 4', async () => {
    const rows = [
      'staff_ref,staff_email,course,completed_on',
      `${STAFF[0].ref},,${COURSE},${today()}`, // entered by hand above: a duplicate
      `,e2e2@example.az,"${COURSE}",${today()}`,
      `${STAFF[2].ref},,${COURSE.toUpperCase()},${today()}`,
      `${STAFF[3].ref},e2e4@example.az,${COURSE},${today()}`,
    ];
    await byTestId('completion-import-file').setInputFiles(csv(rows));
    await byTestId('completion-import-check').click();
    await visible('completion-import-ready');
    const ready = await textOf('completion-import-ready');
    assert(ready.includes('3') && ready.includes('1'), `ready: ${ready}`);
    assert((await trained()) === '1/4', 'the dry run wrote nothing');
    await byTestId('completion-import-submit').click();
    await visible('completion-import-done');
    await until('4 of 4 trained', async () => (await trained()) === '4/4');
    assert((await coverageRow().getByTestId('coverage-percent').textContent()) === '100%', '100%');
    return textOf('completion-import-done');
  });
}

const code = await runMain('web_e2e_training', scenario);
process.exit(code);
