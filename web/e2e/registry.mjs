#!/usr/bin/env node
// Browser end-to-end test of the CII registry and self-assessment pages against a real server:
// the public provider list without login and a provider's declaration appearing in it; the operator's seeded objects with the OT zones and
// conduits; importing objects from CSV (a bad row named, nothing written; then the corrected
// file); registering an object and categorising it through the questionnaire; enrolling a host
// agent with the token the object page shows, then revoking it; enrolling an air-gapped host
// from its request file; filling in an
// assessment requirement by requirement (a partial answer with its remediation action, a
// compliant one with an uploaded evidence file), the progress bar and the live score, and
// submitting it; the regulator confirming and overriding the category, commenting, requesting
// changes; the operator reopening, answering not applicable with a justification, resubmitting;
// the regulator accepting; the posture (organisation, nation, sector and series) changing from
// nothing to the accepted score. The harness is e2e/harness.mjs.
//
// The server seeds a small catalog (tests/fixtures/catalogs-mini) with its operator profile
// under the name "oil-and-gas", so that an oil and gas object's assessment has two requirements.
//
//   node web/e2e/registry.mjs <path to the qalxan binary>   (default: build/src/app/qalxan)
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import {
  AZ,
  EN,
  PASSWORD,
  REPO,
  SEEDED_ORGS,
  absent,
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

const FIXTURES = join(REPO, 'tests', 'fixtures', 'catalogs-mini');
const OBJECT = 'E2E Pipeline SCADA';
const EVIDENCE = 'Access review 2026: every account checked by its owner.\n';
const REVIEW_COMMENT = 'Attach the board minutes approving the policy.';

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
const objectRow = (name) => page.locator(`[data-testid="object-row"][data-object-name="${name}"]`);
const item = (control) => page.locator(`[data-testid="assessment-item"][data-control="${control}"]`);

async function signIn(username, orgName) {
  await login(username, PASSWORD);
  await visible('topbar');
  await until(`the ${orgName} org name`, async () => (await textOf('org-name')) === orgName);
}

async function signOut() {
  await byTestId('logout').click();
  await visible('login-form');
}

async function openObject(name) {
  await byTestId('nav-registry').click();
  await visible('page-registry');
  await objectRow(name).getByTestId('object-open').click();
  await until(`the ${name} page`, async () => (await textOf('object-name')) === name);
}

/** Chooses a result for a requirement, saves it and waits for the saved answer. */
async function answer(control, result) {
  await item(control).getByTestId(`answer-${result}`).check();
  await item(control).getByTestId('answer-save').click();
  await until(`${control} saved as ${result}`, async () => {
    if (await item(control).getByTestId('answer-error').count()) {
      throw new Error(await item(control).getByTestId('answer-error').textContent());
    }
    return (await item(control).getAttribute('data-result')) === result;
  });
}

const progress = async () => {
  const p = byTestId('assessment-progress');
  return `${await p.getAttribute('data-value')}/${await p.getAttribute('data-max')}`;
};

async function scenario(binary, catalogs) {
  const base = await boot(binary, { QALXAN_CATALOGS: catalogs });
  let assessmentId = 0;

  await step('the public provider list opens without signing in', async () => {
    await page.goto(`${base}/#/providers`);
    await visible('page-providers');
    await visible('providers-table');
    assert(await absent('topbar'), 'no signed-in shell');
    assert((await page.locator('#providers-title').textContent()) === EN['nav.providers'], 'the title');
    assert(await absent('declaration-form'), 'no declaration form for visitors');
    await byTestId('public-sign-in').click();
    await visible('login-form');
    await visible('login-providers');
  });

  await step('provider.admin declares its services (no CII registry for providers)', async () => {
    await signIn('provider.admin', SEEDED_ORGS.provider);
    const labels = await navLabels();
    assert(!labels.includes(EN['nav.registry']), `no registry in ${JSON.stringify(labels)}`);
    assert(labels.includes(EN['nav.assessments']), 'assessments');
    await byTestId('nav-providers').click();
    await visible('declaration-form');
    await byTestId('declaration-services').fill('Penetration testing, incident response, penetration testing');
    await byTestId('declaration-sector-oil_and_gas').check();
    await byTestId('declaration-sector-energy').check();
    await byTestId('declaration-contact').fill('soc@provider.example');
    await byTestId('declaration-submit').click();
    await visible('declaration-done');
    // Signing out on #/providers leaves the visitor on the public list.
    await byTestId('logout').click();
    await visible('public-sign-in');
  });

  await step('visitors see the provider with its services and "not assessed"', async () => {
    const row = page.locator(`[data-testid="provider-row"][data-provider="${SEEDED_ORGS.provider}"]`);
    await row.waitFor();
    assert((await row.getAttribute('data-conformity')) === 'not_assessed', 'not assessed');
    const text = await row.textContent();
    assert(text.includes('Penetration testing, incident response'), `services once each: ${text}`);
    assert(text.includes(EN['sector.oil_and_gas']) && text.includes(EN['sector.energy']), 'sectors');
    assert((await row.getByTestId('provider-conformity').textContent()) === EN['conformity.not_assessed'], 'label');
    await byTestId('public-sign-in').click();
    await visible('login-form');
  });

  await step('operator.admin gets the registry, assessments, posture and providers', async () => {
    await signIn('operator.admin', SEEDED_ORGS.operator);
    const labels = await navLabels();
    for (const id of ['registry', 'assessments', 'posture', 'providers']) {
      assert(labels.includes(EN[`nav.${id}`]), `${id} in nav ${JSON.stringify(labels)}`);
    }
  });

  await step('the operator has no posture yet', async () => {
    await byTestId('nav-posture').click();
    await visible('page-posture');
    await visible('posture-series-empty');
    assert((await textOf('posture-org-value')) === '—', `org score ${await textOf('posture-org-value')}`);
  });

  await step('the seeded Terminal DCS shows its category and its OT zones and conduits', async () => {
    await byTestId('nav-registry').click();
    await objectRow('Corporate ERP').waitFor();
    const dcs = objectRow('Terminal DCS');
    assert((await dcs.getByTestId('object-category').textContent()).includes(EN['category.1']), 'DCS category 1');
    assert((await dcs.textContent()).includes(EN['categoryStatus.proposed']), 'DCS proposed');
    await openObject('Terminal DCS');
    await visible('ot-view');
    const control = page.locator('[data-testid="ot-zone"][data-zone="control"]');
    assert((await control.textContent()).includes('SL 3'), 'control zone SL 3');
    assert((await page.locator('[data-testid="ot-conduit"]').textContent()).includes('historian link'), 'conduit');
    assert((await textOf('object-depends')).length > 0, 'depends on the ERP');
  });

  await step('a CSV with a bad row names it and imports nothing; the corrected file imports both objects', async () => {
    await byTestId('nav-registry').click();
    await visible('object-import');
    allowHttpError(400, /^\/api\/v1\/objects\/import\?/); // a file with bad rows answers 400 with its report
    const csv = (rows) => ({ name: 'objects.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\r\n') + '\r\n') });
    const header = 'name,sector,kind,location,depends_on';
    await byTestId('object-import-file').setInputFiles(
      csv([header, 'E2E Compressor PLC,oil_and_gas,ot,Sangachal,E2E Compressor HMI', ',oil_and_gas,it,Baku,', 'E2E Compressor HMI,nowhere,it,Sangachal,']),
    );
    await byTestId('object-import-check').click();
    await page.locator('[data-testid="object-import-bad-row"][data-line="3"]').waitFor();
    assert((await page.locator('[data-testid="object-import-bad-row"]').count()) === 2, 'lines 3 and 4 are bad');
    assert(await byTestId('object-import-submit').isDisabled(), 'no import while rows are bad');
    await byTestId('object-import-file').setInputFiles(
      csv([header, 'E2E Compressor PLC,oil_and_gas,ot,Sangachal,E2E Compressor HMI;Corporate ERP', 'E2E Compressor HMI,oil_and_gas,it,Sangachal,']),
    );
    await byTestId('object-import-check').click();
    await visible('object-import-ready');
    assert(await absent('object-import-problems'), 'a dry run of a good file has no problems');
    assert((await objectRow('E2E Compressor PLC').count()) === 0, 'the dry run wrote nothing');
    await byTestId('object-import-submit').click();
    await visible('object-import-done');
    await objectRow('E2E Compressor PLC').waitFor();
    await objectRow('E2E Compressor HMI').waitFor();
    return textOf('object-import-done');
  });

  await step('registering an object opens its page, not yet categorised', async () => {
    await byTestId('nav-registry').click();
    await visible('new-object-form');
    const erpId = await objectRow('Corporate ERP').getAttribute('data-object-id');
    await byTestId('new-object-name').fill(OBJECT);
    await byTestId('new-object-kind').selectOption('it');
    await byTestId('new-object-description').fill('Leak detection for the export pipeline');
    await byTestId('new-object-location').fill('Sangachal');
    await byTestId('new-object-responsible').fill('Pipeline control lead');
    await byTestId('new-object-depends').fill(erpId);
    await byTestId('new-object-submit').click();
    await until('the new object page', async () => (await textOf('object-name')) === OBJECT);
    assert((await textOf('object-location')) === 'Sangachal', 'location');
    await until('the dependency by name', async () => (await textOf('object-depends')) === 'Corporate ERP');
    await visible('categorisation-none');
    return `depends on #${erpId}`;
  });

  await step('the questionnaire previews and records category 1', async () => {
    await byTestId('criterion-people').fill('x');
    await until('no preview for a bad answer', async () => (await byTestId('categorisation-preview').getAttribute('data-category')) === '');
    await byTestId('criterion-people').fill('600');
    await until('preview 3', async () => (await byTestId('categorisation-preview').getAttribute('data-category')) === '3');
    await byTestId('criterion-people').fill('60000');
    await until('preview 1', async () => (await byTestId('categorisation-preview').getAttribute('data-category')) === '1');
    await byTestId('questionnaire-submit').click();
    await visible('questionnaire-done');
    await until('the latest result', async () => (await textOf('categorisation-computed')) === EN['category.1']);
    assert((await textOf('categorisation-status')) === EN['categoryStatus.proposed'], 'proposed');
    await until('one history row', async () => (await page.locator('[data-testid="history-row"]').count()) === 1);
    assert(await absent('decision-form'), 'the operator does not decide');
  });

  await step('an agent is enrolled with the one-time token shown on the object page, then revoked', async () => {
    await visible('object-agents');
    await visible('agents-none');
    await byTestId('agent-enrol').click();
    const command = await textOf('agent-enrol-command');
    const token = /--token (qxe_\S+)$/.exec(command)?.[1];
    assert(token && command.startsWith(`qalxan-agent enrol --server ${base}`), `command "${command}"`);
    // What qalxan-agent enrol sends: the host's own Ed25519 public key (hex) with the token.
    const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    const enrolled = await fetch(`${base}/api/v1/agent/enrol`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token, public_key: Buffer.from(jwk.x, 'base64url').toString('hex'), hostname: 'e2e-hmi' }),
    });
    assert(enrolled.status === 201, `enrol answered ${enrolled.status}`);
    await page.reload();
    const row = page.locator('[data-testid="agent-row"][data-host="e2e-hmi"]');
    await until('the host waiting for its first run', async () => (await row.getAttribute('data-state')) === 'waiting');
    await row.getByTestId('agent-revoke').click(); // the harness accepts the confirmation
    await until('the host revoked', async () => (await row.getAttribute('data-state')) === 'revoked');
    return token.slice(0, 8) + '…';
  });

  await step('an air-gapped host is enrolled from its request file; a wrong file and a second use are refused', async () => {
    assert((await textOf('agent-offline-command')) === 'qalxan-agent enrol --offline --out enrol-request.json', 'the command');
    const file = (text) => ({ name: 'enrol-request.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await byTestId('agent-offline-file').setInputFiles(file('not a request'));
    await byTestId('agent-offline-submit').click();
    await until('the wrong file named', async () => (await textOf('agents-error')) === EN['agents.offline.badFile']);
    // What qalxan-agent enrol --offline writes: the host's Ed25519 public key (hex), no token.
    const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    const request = JSON.stringify({
      kind: 'qalxan-agent-enrolment-request',
      public_key: Buffer.from(jwk.x, 'base64url').toString('hex'),
      hostname: 'e2e-air',
      machine_id: 'e2e-machine',
    });
    await byTestId('agent-offline-file').setInputFiles(file(request));
    await byTestId('agent-offline-submit').click();
    await visible('agent-offline-done');
    assert(await absent('agents-error'), 'no error');
    const row = page.locator('[data-testid="agent-row"][data-host="e2e-air"]');
    await until('the air-gapped host listed', async () => (await row.getAttribute('data-offline')) === 'true');
    assert((await row.getAttribute('data-state')) === 'waiting', 'waiting for its first bundle');
    const done = await textOf('agent-offline-done');
    allowHttpError(409, /^\/api\/v1\/objects\/\d+\/agents$/); // the same key again
    await byTestId('agent-offline-submit').click();
    await until('the server names the conflict', async () => /enrolled already/.test(await textOf('agents-error')));
    return done.slice(0, 40);
  });

  await step('starting an assessment shows its two requirements, none answered', async () => {
    await byTestId('start-assessment').click();
    await visible('assessment-page');
    await until('two items', async () => (await page.locator('[data-testid="assessment-item"]').count()) === 2);
    assessmentId = Number(await byTestId('assessment-page').getAttribute('data-assessment-id'));
    assert((await progress()) === '0/2', `progress ${await progress()}`);
    assert((await byTestId('assessment-page').getAttribute('data-status')) === 'draft', 'draft');
    return `assessment #${assessmentId}`;
  });

  await step('pol-1 is answered partial and gets its remediation action', async () => {
    await answer('pol-1', 'partial');
    assert((await progress()) === '1/2', `progress ${await progress()}`);
    assert((await item('pol-1').getByTestId('item-missing').textContent()) === EN['missing.remediation'], 'needs remediation');
    await item('pol-1').getByTestId('remediation-action').fill('Board approval of the policy');
    await item('pol-1').getByTestId('remediation-owner').fill('CISO');
    await item('pol-1').getByTestId('remediation-due').fill(isoDate(90));
    await item('pol-1').getByTestId('remediation-add').click();
    await until('the action listed', async () => (await item('pol-1').getByTestId('remediation-row').count()) === 1);
    assert((await item('pol-1').getByTestId('item-missing').count()) === 0, 'nothing missing');
  });

  await step('acc-1 is compliant with an uploaded evidence file; the score is 75 %', async () => {
    await answer('acc-1', 'compliant');
    await item('acc-1').getByTestId('evidence-file').setInputFiles({
      name: 'access-review.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(EVIDENCE),
    });
    await item('acc-1').getByTestId('evidence-description').fill('Quarterly access review');
    await item('acc-1').getByTestId('evidence-effective').fill(isoDate(-30));
    await item('acc-1').getByTestId('evidence-expires').fill(isoDate(335));
    await item('acc-1').getByTestId('evidence-upload').click();
    const row = item('acc-1').getByTestId('evidence-row');
    await until('the evidence listed', async () => (await row.count()) === 1);
    assert((await row.getAttribute('data-in-force')) === 'true', 'in force');
    assert((await row.textContent()).includes('access-review.txt'), 'file name');
    assert((await progress()) === '2/2', `progress ${await progress()}`);
    await until('live score 0.75', async () => (await byTestId('live-score').getAttribute('data-value')) === '0.75');
    // The download is the same bytes, as an opaque attachment.
    const href = await item('acc-1').getByTestId('evidence-download').getAttribute('href');
    const res = await page.request.get(`${base}${href}`);
    assert(res.status() === 200, `download ${res.status()}`);
    assert((await res.text()) === EVIDENCE, 'the same bytes');
    assert(res.headers()['content-type'] === 'application/octet-stream', res.headers()['content-type']);
    return await textOf('live-score-value');
  });

  await step('submitting locks the assessment for the operator', async () => {
    await byTestId('flow-submit').click();
    await until('submitted', async () => (await byTestId('assessment-page').getAttribute('data-status')) === 'submitted');
    assert((await page.locator('[data-testid="answer-form"]').count()) === 0, 'no answer forms');
    assert((await page.locator('[data-testid="evidence-form"]').count()) === 0, 'no upload forms');
    assert(await absent('flow-actions'), 'nothing for the operator to press');
    await signOut();
  });

  await step('the regulator sees the object among every operator\'s and confirms its category', async () => {
    await signIn('regulator.admin', SEEDED_ORGS.regulator);
    await byTestId('nav-registry').click();
    await objectRow(OBJECT).waitFor();
    assert((await objectRow(OBJECT).textContent()).includes(SEEDED_ORGS.operator), 'owner shown');
    await openObject(OBJECT);
    await visible('decision-form');
    await byTestId('decision-confirm').check();
    await byTestId('decision-reason').fill('Checked against the pipeline study');
    await byTestId('decision-submit').click();
    await until('confirmed', async () => (await textOf('categorisation-status')) === EN['categoryStatus.confirmed']);
    assert((await textOf('categorisation-final')) === EN['category.1'], 'category 1');
    assert(await absent('questionnaire') === false, 'the regulator may also answer');
  });

  await step('the regulator overrides the category with a reason; the history keeps it', async () => {
    await byTestId('decision-change').click();
    await byTestId('decision-override').check();
    await byTestId('decision-category').selectOption('2');
    await byTestId('decision-reason').fill('The pipeline has a manual fallback');
    await byTestId('decision-submit').click();
    await until('overridden', async () => (await textOf('categorisation-status')) === EN['categoryStatus.overridden']);
    assert((await textOf('categorisation-final')) === EN['category.2'], 'category 2');
    assert((await textOf('categorisation-reason')) === 'The pipeline has a manual fallback', 'reason');
    const history = page.locator('[data-testid="history-row"]');
    await until('the history row overridden', async () => (await history.first().getAttribute('data-status')) === 'overridden');
    await byTestId('nav-registry').click();
    await until('the list shows category 2', async () =>
      (await objectRow(OBJECT).getByTestId('object-category').textContent()) === EN['category.2'],
    );
  });

  await step('before acceptance the nation has no score', async () => {
    await byTestId('nav-posture').click();
    await visible('posture-nation');
    assert((await textOf('posture-nation-value')) === '—', `nation ${await textOf('posture-nation-value')}`);
    await visible('posture-series-empty');
  });

  await step('the regulator comments on pol-1, starts the review and requests changes', async () => {
    await byTestId('nav-assessments').click();
    const row = page.locator(`[data-testid="assessment-row"][data-assessment-id="${assessmentId}"]`);
    await row.waitFor();
    assert((await row.getAttribute('data-status')) === 'submitted', 'listed as submitted');
    await byTestId('assessments-filter-status').selectOption('accepted');
    await until('no accepted ones yet', async () => (await row.count()) === 0 && !(await absent('assessments-table')));
    await byTestId('assessments-filter-status').selectOption('submitted');
    await row.waitFor();
    await row.getByTestId('assessment-open').click();
    await until('the assessment', async () => (await byTestId('assessment-page').getAttribute('data-status')) === 'submitted');
    assert((await page.locator('[data-testid="answer-form"]').count()) === 0, 'the regulator does not answer');
    await until('the subject by name', async () => (await textOf('assessment-subject')) === OBJECT);
    await item('pol-1').getByTestId('comment-body').fill(REVIEW_COMMENT);
    await item('pol-1').getByTestId('comment-send').click();
    await until('the comment', async () => (await item('pol-1').getByTestId('review-comment').count()) === 1);
    await byTestId('flow-start_review').click();
    await until('in review', async () => (await byTestId('assessment-page').getAttribute('data-status')) === 'in_review');
    await byTestId('flow-request_changes').click();
    await until('changes requested', async () =>
      (await byTestId('assessment-page').getAttribute('data-status')) === 'changes_requested',
    );
    await signOut();
  });

  await step('the operator reads the comment, reopens, answers pol-1 not applicable and resubmits', async () => {
    await signIn('operator.admin', SEEDED_ORGS.operator);
    await page.goto(`${base}/#/assessments/${assessmentId}`);
    await until('changes requested', async () =>
      (await byTestId('assessment-page').getAttribute('data-status')) === 'changes_requested',
    );
    assert((await item('pol-1').getByTestId('review-comment').textContent()).includes(REVIEW_COMMENT), 'comment');
    await byTestId('flow-reopen').click();
    await until('draft again', async () => (await byTestId('assessment-page').getAttribute('data-status')) === 'draft');
    await item('pol-1').getByTestId('answer-not_applicable').check();
    await item('pol-1').getByTestId('answer-justification').fill('The policy is the parent company\'s, assessed there');
    await item('pol-1').getByTestId('answer-save').click();
    await until('pol-1 not applicable', async () => (await item('pol-1').getAttribute('data-result')) === 'not_applicable');
    await until('live score 1', async () => (await byTestId('live-score').getAttribute('data-value')) === '1');
    const score = await textOf('live-score-value');
    await byTestId('flow-submit').click();
    await until('submitted', async () => (await byTestId('assessment-page').getAttribute('data-status')) === 'submitted');
    await signOut();
    return score;
  });

  await step('the regulator starts the review again and accepts', async () => {
    await signIn('regulator.admin', SEEDED_ORGS.regulator);
    await page.goto(`${base}/#/assessments/${assessmentId}`);
    await until('submitted', async () => (await byTestId('assessment-page').getAttribute('data-status')) === 'submitted');
    await byTestId('flow-start_review').click();
    await until('in review', async () => (await byTestId('assessment-page').getAttribute('data-status')) === 'in_review');
    await byTestId('flow-accept').click();
    await until('accepted', async () => (await byTestId('assessment-page').getAttribute('data-status')) === 'accepted');
    assert(await absent('flow-actions'), 'nothing left to press');
    return await textOf('assessment-score');
  });

  await step('the national and oil and gas posture now show the accepted score', async () => {
    await byTestId('nav-posture').click();
    await until('nation 1', async () => (await byTestId('posture-nation').getAttribute('data-score')) === '1');
    const sector = page.locator('[data-testid="posture-sector-row"][data-sector="oil_and_gas"]');
    await until('oil and gas 1', async () => (await sector.getAttribute('data-score')) === '1');
    await until('one point in the series', async () => (await page.locator('[data-testid="chart-point"]').count()) === 1);
    await byTestId('posture-series-scope').selectOption('oil_and_gas');
    await until('the sector series', async () => (await page.locator('[data-testid="posture-series-row"]').count()) === 1);
    assert((await page.locator('[data-testid="chart-bar"]').first().getAttribute('data-value')) === '100', 'bar 100');
    return await textOf('posture-nation-value');
  });

  await step('the operator sees its own score change from none to the accepted one', async () => {
    await signOut();
    await signIn('operator.admin', SEEDED_ORGS.operator);
    await byTestId('nav-posture').click();
    await until('org 1', async () => (await byTestId('posture-org').getAttribute('data-score')) === '1');
    await until('one point', async () => (await page.locator('[data-testid="posture-series-row"]').count()) === 1);
    await page.goto(`${base}/#/assessments/${assessmentId}`);
    await until('accepted', async () => (await byTestId('assessment-page').getAttribute('data-status')) === 'accepted');
    return await textOf('assessment-score');
  });

  await step('the registry and assessment pages are translated into Azerbaijani', async () => {
    await byTestId('lang-select').selectOption('az');
    await until('the Azerbaijani title', async () => (await page.locator('#assessments-title').textContent()) === AZ['nav.assessments']);
    assert((await textOf('assessment-status')) === AZ['assessmentStatus.accepted'], 'status in az');
    await byTestId('nav-registry').click();
    await until('the registry in az', async () => (await page.locator('#registry-title').textContent()) === AZ['nav.registry']);
    await byTestId('lang-select').selectOption('en');
  });
}

const catalogs = catalogDir();
let code = 1;
try {
  code = await runMain('web_e2e_registry', (binary) => scenario(binary, catalogs));
} finally {
  rmSync(catalogs, { recursive: true, force: true });
}
process.exit(code);
