#!/usr/bin/env node
// Browser end-to-end test of the Requirements pages against a real server seeded with the
// fixture catalogs (tests/fixtures/catalogs-mini: the catalog "mini" with an az translation and
// the profile "mini-ops"): the catalog list, the requirement tree, filters, the requirement view
// in two languages, a profile's parameter values, publishing a draft, signed downloads,
// comparing versions and a profile's resolution warnings. The harness is e2e/harness.mjs.
//
//   node web/e2e/requirements.mjs <path to the qalxan binary>   (default: build/src/app/qalxan)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AZ,
  EN,
  PASSWORD,
  REPO,
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

const FIXTURES = join(REPO, 'tests', 'fixtures', 'catalogs-mini');
const MINI = JSON.parse(readFileSync(join(FIXTURES, 'mini.catalog.json'), 'utf8'));
const MINI_AZ = JSON.parse(readFileSync(join(FIXTURES, 'mini.az.json'), 'utf8'));
const MINI_OPS = JSON.parse(readFileSync(join(FIXTURES, 'profiles', 'mini-ops.profile.json'), 'utf8'));

/** Version 2 of "mini": pol-3 added, acc-1 (with its group) removed, pol-2 retitled. */
function miniVersion2() {
  const doc = structuredClone(MINI);
  doc.catalog.metadata.version = '1.1.0';
  doc.catalog.metadata['last-modified'] = '2026-11-20T00:00:00Z';
  doc.catalog.groups = doc.catalog.groups.filter((g) => g.id !== 'acc');
  const pol = doc.catalog.groups.find((g) => g.id === 'pol');
  pol.controls.find((c) => c.id === 'pol-2').title = 'Risk analysis and treatment';
  pol.controls.push({
    id: 'pol-3',
    title: 'Incident reporting',
    parts: [{ id: 'pol-3_smt', name: 'statement', prose: 'Incidents are reported to the CERT.' }],
  });
  return doc;
}

const item = (id) => page.locator(`[data-testid="req-item"][data-req-id="${id}"]`);
const catalogRow = (name) => page.locator(`[data-testid="catalog-row"][data-catalog-name="${name}"]`);
/** The ids of the requirements in the tree, in document order. */
const treeIds = async () =>
  page.locator('[data-testid="req-item"]').evaluateAll((els) => els.map((e) => e.dataset.reqId));
const sameList = (a, b) => JSON.stringify(a) === JSON.stringify(b);

async function openCatalog(name) {
  await catalogRow(name).getByTestId('catalog-open').click();
  await page.locator(`[data-testid="catalog-panel"][data-catalog-name="${name}"]`).waitFor();
}

/** POST /api/v1/catalogs as the logged-in user: {status, body}. */
async function postCatalog(name, document) {
  return page.evaluate(
    async ({ name, document }) => {
      const session = await (await fetch('/api/v1/session', { credentials: 'same-origin' })).json();
      const response = await fetch('/api/v1/catalogs', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
        body: JSON.stringify({ name, document }),
      });
      return { status: response.status, body: await response.json() };
    },
    { name, document },
  );
}

async function openRequirement(id) {
  await item(id).getByTestId('req-open').first().click();
  await page.locator(`[data-testid="requirement-view"][data-req-id="${id}"]`).waitFor();
}

async function scenario(binary) {
  const base = await boot(binary, { QALXAN_CATALOGS: FIXTURES });

  await step('operator.admin logs in and has Requirements in the navigation', async () => {
    await page.goto(`${base}/`);
    await visible('login-form');
    await login('operator.admin', PASSWORD);
    await visible('topbar');
    const labels = await navLabels();
    assert(labels.includes(EN['nav.requirements']), `nav ${JSON.stringify(labels)}`);
  });

  await step('the requirements page lists the seeded catalog and profile', async () => {
    await byTestId('nav-requirements').click();
    await visible('page-requirements');
    await catalogRow('mini').waitFor();
    await catalogRow('mini-ops').waitFor();
    const mini = catalogRow('mini');
    assert((await mini.textContent()).includes('Mini Baseline'), 'mini shows its title');
    assert((await mini.textContent()).includes(EN['catalogKind.catalog']), 'mini is a catalog');
    const profile = await catalogRow('mini-ops').textContent();
    assert(profile.includes(EN['catalogKind.profile']), 'mini-ops is a profile');
    await until('the latest status', async () =>
      (await mini.getByTestId('catalog-status').textContent()).includes(EN['versionStatus.published']),
    );
  });

  await step('opening Mini Baseline shows the tree with pol-1.1 under pol-1', async () => {
    await openCatalog('mini');
    await until('all four requirements', async () =>
      sameList(await treeIds(), ['pol-1', 'pol-1.1', 'pol-2', 'acc-1']),
    );
    assert((await item('pol-1').locator('[data-req-id="pol-1.1"]').count()) === 1, 'pol-1.1 nested in pol-1');
    const groups = page.locator('[data-testid="req-group"]');
    await until('group titles', async () => (await groups.first().textContent()).includes('Policies'));
    assert((await groups.count()) === 2, 'two groups');
    assert(
      (await item('pol-1').getByTestId('badge-category').first().textContent()).includes('1, 2, 3'),
      'pol-1 applies to categories 1-3',
    );
    assert((await item('pol-2').locator('[data-sector="oil_and_gas"]').count()) === 1, 'pol-2 sector badge');
    assert((await item('acc-1').getByTestId('badge-check').count()) === 1, 'acc-1 is machine-checkable');
    assert((await item('pol-2').getByTestId('badge-check').count()) === 0, 'pol-2 is not machine-checkable');
    assert(await absent('publish-draft'), 'an operator is offered no publishing');
    return (await treeIds()).join(' ');
  });

  await step('searching "pipelines" shows only pol-2', async () => {
    await byTestId('req-search').fill('pipelines');
    await byTestId('req-apply').click();
    await until('only pol-2', async () => sameList(await treeIds(), ['pol-2']));
  });

  await step('the sector and category filters are applied by the server', async () => {
    await byTestId('req-reset').click();
    await until('the full tree', async () => (await treeIds()).length === 4);
    await byTestId('req-category').selectOption('2');
    await until('category 2 without pol-2', async () =>
      sameList(await treeIds(), ['pol-1', 'pol-1.1', 'acc-1']),
    );
    await byTestId('req-category').selectOption('');
    await byTestId('req-sector').selectOption('finance');
    await until('finance without pol-2', async () =>
      sameList(await treeIds(), ['pol-1', 'pol-1.1', 'acc-1']),
    );
    await byTestId('req-reset').click();
    await until('the full tree again', async () => (await treeIds()).length === 4);
  });

  await step('"Load more" follows the server\'s next cursor', async () => {
    // Pages of two: the page size is the UI's, so the test rewrites it on the way out.
    const pattern = /\/api\/v1\/catalogs\/\d+\/versions\/[^/]+\/requirements\?/;
    await page.route(pattern, (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('limit', '2');
      return route.continue({ url: url.toString() });
    });
    try {
      await byTestId('req-version').selectOption('1');
      await until('the first page', async () => sameList(await treeIds(), ['pol-1', 'pol-1.1']));
      await byTestId('req-more').click();
      await until('the second page', async () => (await treeIds()).length === 4);
      await until('no more pages', () => absent('req-more'));
      assert(sameList(await treeIds(), ['pol-1', 'pol-1.1', 'pol-2', 'acc-1']), 'both pages in order');
    } finally {
      await page.unroute(pattern);
    }
    await byTestId('req-version').selectOption('latest');
    await until('the full tree', async () => (await treeIds()).length === 4);
  });

  await step('pol-1 shows its statement with the param, guidance, objective and params', async () => {
    await openRequirement('pol-1');
    await until('the title', async () => (await textOf('requirement-title')) === 'Security policy');
    const statement = (await byTestId('requirement-statement').locator('.prose').textContent()).trim();
    const want = 'The operator approves a security policy and reviews it [review interval].';
    assert(statement === want, statement);
    assert((await textOf('requirement-guidance')).includes('Tie the policy to the risk analysis.'), 'guidance');
    assert((await textOf('requirement-objective')).includes('An approved, current policy exists.'), 'objective');
    const param = page.locator('[data-testid="param-row"][data-param="pol-1_prm_1"]');
    assert((await param.textContent()).includes('review interval'), 'param label');
    const choices = await param.getByTestId('param-choices').textContent();
    assert(choices.includes('yearly | every two years'), `choices ${choices}`);
    return statement;
  });

  await step('the enhancement pol-1.1 names its parent, which opens pol-1', async () => {
    await openRequirement('pol-1.1');
    assert((await textOf('requirement-parent-line')).includes('pol-1'), 'parent named');
    await byTestId('requirement-parent').click();
    await page.locator('[data-testid="requirement-view"][data-req-id="pol-1"]').waitFor();
  });

  await step('switching to az fetches the requirement view again in Azerbaijani', async () => {
    await byTestId('lang-select').selectOption('az');
    await until('the az title', async () => (await textOf('requirement-title')) === 'Təhlükəsizlik siyasəti');
    const prose = (await byTestId('requirement-statement').locator('.prose').textContent()).trim();
    const label = MINI_AZ.controls['pol-1'].params['pol-1_prm_1'].label;
    const want = MINI_AZ.controls['pol-1'].parts['pol-1_smt'].replace(/\{\{[^}]*\}\}/, `[${label}]`);
    assert(prose === want, `az statement: ${prose}`);
    assert((await page.locator('#req-browser-title').textContent()) === AZ['req.requirements'], 'az labels');
    await until('the az group title', async () =>
      (await page.locator('[data-testid="req-group"]').first().textContent()).includes('Siyasətlər'),
    );
    return 'Təhlükəsizlik siyasəti';
  });

  await step('switching back to en fetches it again in English', async () => {
    await byTestId('lang-select').selectOption('en');
    await until('the en title again', async () => (await textOf('requirement-title')) === 'Security policy');
  });

  await step('the profile shows the parameter value it sets', async () => {
    await openCatalog('mini-ops');
    await until('the profile tree', async () => sameList(await treeIds(), ['pol-1', 'acc-1']));
    await openRequirement('pol-1');
    await until('the value in the statement', async () =>
      (await textOf('requirement-statement')).includes('reviews it yearly.'),
    );
  });

  await step('operator.admin logs out', async () => {
    await byTestId('logout').click();
    await visible('login-form');
  });

  await step('regulator.admin imports a second version of mini through the API', async () => {
    await login('regulator.admin', PASSWORD);
    await visible('topbar');
    const answer = await postCatalog('mini', miniVersion2());
    assert(answer.status === 201, `import answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    assert(answer.body.version.seq === 2 && answer.body.version.status === 'draft', 'a draft v2');
    return `${answer.body.requirements} requirements`;
  });

  await step('after a reload the list shows the draft and offers to publish it', async () => {
    await page.reload();
    await visible('topbar');
    await byTestId('nav-requirements').click();
    await catalogRow('mini').waitFor();
    await until('the draft status', async () =>
      (await catalogRow('mini').getByTestId('catalog-status').textContent()).includes(
        EN['versionStatus.draft'],
      ),
    );
    await openCatalog('mini');
    await visible('publish-draft');
  });

  await step('publishing the draft shows its digest; both versions can be downloaded signed', async () => {
    await byTestId('publish-draft').click();
    await visible('publish-done');
    const digest = await textOf('publish-digest');
    assert(/^sha256:[0-9a-f]{64}$/.test(digest), `digest ${digest}`);
    const row = (seq) => page.locator(`[data-testid="version-row"][data-seq="${seq}"]`);
    await until('v2 published', async () => (await row(2).getAttribute('data-status')) === 'published');
    assert((await row(1).getAttribute('data-status')) === 'superseded', 'v1 superseded');
    await until('the publish button gone', () => absent('publish-draft'));
    const links = page.locator('[data-testid="signed-link"]');
    assert((await links.count()) === 2, 'two signed downloads');
    const keys = await page.evaluate(async () => (await (await fetch('/api/v1/keys')).json()).keys);
    assert((await textOf('signing-key-id')) === keys[0].key_id, 'the key id from /api/v1/keys');
    const href = await row(2).getByTestId('signed-link').getAttribute('href');
    const signed = await page.evaluate(async (url) => {
      const r = await fetch(url, { credentials: 'same-origin' });
      return { status: r.status, text: await r.text() };
    }, href);
    assert(signed.status === 200 && signed.text.includes(digest.slice(7)), `signed download ${signed.status}`);
    await until('the tree shows v2', async () =>
      sameList(await treeIds(), ['pol-1', 'pol-1.1', 'pol-2', 'pol-3']),
    );
    return digest;
  });

  await step('comparing versions 1 and 2 lists the added, removed and changed requirements', async () => {
    await byTestId('compare-from').selectOption('1');
    await byTestId('compare-to').selectOption('2');
    await byTestId('compare-submit').click();
    await visible('diff');
    const ids = (kind) =>
      byTestId(`diff-${kind}`).getByTestId('diff-item').evaluateAll((els) => els.map((e) => e.dataset.id));
    assert(sameList(await ids('added'), ['pol-3']), `added ${await ids('added')}`);
    assert(sameList(await ids('removed'), ['acc-1']), `removed ${await ids('removed')}`);
    assert(sameList(await ids('changed'), ['pol-2']), `changed ${await ids('changed')}`);
    const changed = byTestId('diff-changed').getByTestId('diff-item');
    assert((await changed.getAttribute('data-fields')).split(',').includes('title'), 'pol-2 title changed');
    assert((await changed.textContent()).includes('Risk analysis and treatment'), 'the new title shown');
    assert((await byTestId('diff-removed').textContent()).includes('SSH root login'), 'the removed title shown');
  });

  await step('a profile draft with a directive its resolution ignores: import and publication list it', async () => {
    const profile = structuredClone(MINI_OPS);
    profile.profile.imports[0]['include-controls'] = [{ 'with-ids': ['pol-1'] }];  // acc-1 is gone
    profile.profile.modify['set-parameters'].push({ 'param-id': 'nope-prm', values: ['x'] });
    profile.profile.metadata.version = '1.0.1';  // a revision: publishing refuses a reused version
    const answer = await postCatalog('mini-ops', profile);
    assert(answer.status === 201, `import answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const expected = [
      "$.profile.modify.set-parameters[1].param-id: no included param 'nope-prm'; the set-parameter is ignored",
    ];
    assert(sameList(answer.body.warnings, expected), `import warnings ${JSON.stringify(answer.body.warnings)}`);
    await page.reload();
    await visible('topbar');
    await byTestId('nav-requirements').click();
    await catalogRow('mini-ops').waitFor();
    await openCatalog('mini-ops');
    await byTestId('publish-draft').click();
    await visible('publish-warnings');
    const shown = await page.locator('[data-testid="publish-warning"]').allTextContents();
    assert(sameList(shown, expected), `shown ${JSON.stringify(shown)}`);
    assert((await textOf('publish-done')).includes(EN['req.publishWarnings']), 'the warnings heading');
  });

  await step('regulator.admin logs out', async () => {
    await byTestId('logout').click();
    await visible('login-form');
  });
}

process.exit(await runMain('web_e2e_requirements', scenario));
