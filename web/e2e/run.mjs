#!/usr/bin/env node
// Browser end-to-end test of the dashboard against a real server.
//
//   node web/e2e/run.mjs <path to the qalxan binary>   (default: build/src/app/qalxan)
//   npm --prefix web run e2e -- <path to the qalxan binary>
//
// Starts `<binary> serve --listen 127.0.0.1:0 --data <tmp> --web <repo>/web/dist`, reads the port
// from its "listening on http://127.0.0.1:PORT" line, then drives Debian's Chromium through
// playwright-core (never a downloaded browser). Prints one line per step; fails on any failed
// assertion and on any browser console error or page error. Always stops the server and removes
// its temporary directory. Exit code 0 on success, 1 on failure.
//
// Environment: QX_E2E_CHROMIUM (default /usr/bin/chromium); QX_E2E_SCREENSHOTS=<dir> saves a
// screenshot after every step. On failure a screenshot goes to web/test-results/e2e-failure.png.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPO = resolve(WEB, '..');
const DIST = join(WEB, 'dist');
const PASSWORD = 'e2e-password-123456';
const CHROMIUM = process.env.QX_E2E_CHROMIUM || '/usr/bin/chromium';
const SCREENSHOT_DIR = process.env.QX_E2E_SCREENSHOTS || '';
const STARTUP_TIMEOUT_MS = 30_000;
const ACTION_TIMEOUT_MS = 15_000;
const TOTAL_TIMEOUT_MS = 160_000; // below the CTest TIMEOUT of 180 s, so cleanup still runs
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SEEDED_ORGS = {
  regulator: 'State Service for Information Security',
  cert: 'National CERT',
  operator: 'Demo Oil & Gas Operator',
  provider: 'Demo Security Provider',
};
const catalog = (lang) => JSON.parse(readFileSync(join(WEB, 'src', 'i18n', `${lang}.json`), 'utf8'));
const EN = catalog('en');
const AZ = catalog('az');

// ---------------------------------------------------------------------------------------------
// Harness: steps, assertions, cleanup.

let passed = 0;
let server = null;
let serverLog = [];
let tmpRoot = null;
let context = null;
let page = null;
const browserErrors = [];

function log(line) {
  process.stdout.write(`${line}\n`);
}

async function step(name, fn) {
  const n = passed + 1;
  try {
    const detail = await fn();
    if (browserErrors.length) throw new Error(browserErrors.splice(0).join('\n    '));
    passed++;
    log(`ok ${n} - ${name}${detail ? ` (${detail})` : ''}`);
    if (SCREENSHOT_DIR && page) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = `${String(n).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`;
      await page.screenshot({ path: join(SCREENSHOT_DIR, file), fullPage: true });
    }
  } catch (e) {
    log(`not ok ${n} - ${name}`);
    log(`    ${String(e?.message ?? e).split('\n').join('\n    ')}`);
    throw new StepFailed();
  }
}

class StepFailed extends Error {}

function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/** Polls `fn` until it returns a truthy value; fails with `what` after the timeout. */
async function until(what, fn, timeout = ACTION_TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const byTestId = (id) => page.getByTestId(id);
const textOf = async (id) => ((await byTestId(id).textContent()) ?? '').trim();
const navLabels = async () =>
  (await page.locator('[data-testid="nav"] a').allTextContents()).map((s) => s.trim());
const visible = (id) => byTestId(id).waitFor({ state: 'visible' });
const absent = async (id) => (await byTestId(id).count()) === 0;

async function cleanup() {
  if (context) {
    const closing = context.close().catch(() => {});
    await Promise.race([closing, new Promise((r) => setTimeout(r, 5000))]);
    context = null;
  }
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  server = null;
  if (tmpRoot) {
    rmSync(tmpRoot, { recursive: true, force: true });
    tmpRoot = null;
  }
}

// ---------------------------------------------------------------------------------------------
// Server and browser.

/** Starts the server and resolves with its base URL once it prints its listening line. */
function startServer(binary, dataDir) {
  return new Promise((resolvePromise, reject) => {
    server = spawn(
      binary,
      ['serve', '--listen', '127.0.0.1:0', '--data', dataDir, '--web', DIST],
      {
        cwd: REPO,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          QALXAN_BOOTSTRAP_PASSWORD: PASSWORD,
          QALXAN_PASSWORD_COST: 'minimal',
        },
      },
    );
    let settled = false;
    const settle = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn(value);
    };
    const timer = setTimeout(
      () => settle(reject, new Error(`no "listening on" line within ${STARTUP_TIMEOUT_MS / 1000} s`)),
      STARTUP_TIMEOUT_MS,
    );
    const watch = (stream, tag) => {
      // Keeps draining the pipe for the whole run so the server never blocks on a full pipe.
      createInterface({ input: stream }).on('line', (line) => {
        serverLog.push(`[${tag}] ${line}`);
        if (serverLog.length > 200) serverLog.shift();
        const m = line.match(/listening on (http:\/\/127\.0\.0\.1:(\d+))/);
        if (m && Number(m[2]) > 0) settle(resolvePromise, m[1]);
      });
    };
    watch(server.stdout, 'stdout');
    watch(server.stderr, 'stderr');
    server.once('error', (e) => settle(reject, new Error(`cannot start ${binary}: ${e.message}`)));
    server.once('exit', (code, signal) =>
      settle(reject, new Error(`server exited early (code ${code}, signal ${signal})`)),
    );
  });
}

/** Chrome logs each HTTP error response as a console error. The only expected one is the 401 of
 * /api/v1/session: asking whether a session exists before login, and the wrong-password step. */
function expectedConsoleError(msg) {
  const url = msg.location()?.url ?? '';
  return (
    /Failed to load resource: the server responded with a status of 401/.test(msg.text()) &&
    /\/api\/v1\/session$/.test(url)
  );
}

async function startBrowser(userDataDir) {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}`);
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    timeout: STARTUP_TIMEOUT_MS,
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !expectedConsoleError(msg)) {
      browserErrors.push(`console error: ${msg.text()} (${msg.location()?.url ?? '?'})`);
    }
  });
  page.on('pageerror', (err) => browserErrors.push(`page error: ${err.message}`));
  page.on('crash', () => browserErrors.push('page crashed'));
  page.on('dialog', (dialog) => void dialog.accept());
}

async function login(username, password) {
  await byTestId('login-username').fill(username);
  await byTestId('login-password').fill(password);
  await byTestId('login-submit').click();
}

// ---------------------------------------------------------------------------------------------
// The scenario.

async function scenario(binary) {
  let base;
  await step('server starts and prints its port', async () => {
    assert(existsSync(join(DIST, 'index.html')), `${DIST}/index.html missing: run "npm run build" in web/`);
    tmpRoot = mkdtempSync(join(tmpdir(), 'qalxan-e2e-'));
    mkdirSync(join(tmpRoot, 'data'));
    base = await startServer(binary, join(tmpRoot, 'data'));
    return base;
  });

  await step('chromium starts', async () => {
    await startBrowser(join(tmpRoot, 'chromium-profile'));
    return context.browser()?.version() ?? 'persistent context';
  });

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

  await step('regulator navigation is Overview, Organisations & users, Audit trail', async () => {
    const labels = await navLabels();
    const want = [EN['nav.overview'], EN['nav.orgs'], EN['nav.audit']];
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
    const want = [EN['nav.overview'], EN['nav.orgs']];
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

// ---------------------------------------------------------------------------------------------

async function main() {
  const binary = process.argv[2] || join(REPO, 'build', 'src', 'app', 'qalxan');
  if (!existsSync(binary)) {
    log(`usage: node web/e2e/run.mjs <path to the qalxan binary> (${binary} does not exist)`);
    return 1;
  }
  const watchdog = setTimeout(() => {
    log(`not ok - the whole run took longer than ${TOTAL_TIMEOUT_MS / 1000} s`);
    void cleanup().finally(() => process.exit(1));
  }, TOTAL_TIMEOUT_MS);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => void cleanup().finally(() => process.exit(1)));
  }
  let failed = 0;
  try {
    await scenario(resolve(binary));
  } catch (e) {
    failed = 1;
    if (!(e instanceof StepFailed)) log(`not ok - ${e?.stack ?? e}`);
    if (page) {
      try {
        mkdirSync(join(WEB, 'test-results'), { recursive: true });
        await page.screenshot({ path: join(WEB, 'test-results', 'e2e-failure.png'), fullPage: true });
        log('    screenshot: web/test-results/e2e-failure.png');
      } catch {
        // No screenshot; the step output above still says what failed.
      }
    }
    if (serverLog.length) {
      log('    last server output:');
      for (const line of serverLog.slice(-40)) log(`      ${line}`);
    }
  } finally {
    await cleanup();
    clearTimeout(watchdog);
  }
  log(`web_e2e: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

process.exit(await main());
