// The browser end-to-end harness shared by the scenarios (e2e/run.mjs, e2e/requirements.mjs).
//
// boot() starts `<binary> serve --listen 127.0.0.1:0 --data <tmp> --web <repo>/web/dist`, reads
// the port from its "listening on http://127.0.0.1:PORT" line, then starts Debian's Chromium
// through playwright-core (never a downloaded browser). step() prints one line per step and fails
// on any failed assertion and on any browser console error or page error. runMain() always stops
// the server and removes its temporary directory; exit code 0 on success, 1 on failure.
//
// Environment: QX_E2E_CHROMIUM (default /usr/bin/chromium); QX_E2E_SCREENSHOTS=<dir> saves a
// screenshot after every step. On failure a screenshot goes to web/test-results/<name>-failure.png.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = resolve(WEB, '..');
const DIST = join(WEB, 'dist');
export const PASSWORD = 'e2e-password-123456';
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

export const SEEDED_ORGS = {
  regulator: 'State Service for Information Security',
  cert: 'National CERT',
  operator: 'Demo Oil & Gas Operator',
  provider: 'Demo Security Provider',
};
const catalog = (lang) => JSON.parse(readFileSync(join(WEB, 'src', 'i18n', `${lang}.json`), 'utf8'));
export const EN = catalog('en');
export const AZ = catalog('az');

// ---------------------------------------------------------------------------------------------
// Steps, assertions, cleanup.

let passed = 0;
let server = null;
let serverLog = [];
let tmpRoot = null;
/** The browser context and its page (live bindings: set by boot()). */
export let context = null;
export let page = null;
const browserErrors = [];

export function log(line) {
  process.stdout.write(`${line}\n`);
}

export async function step(name, fn) {
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

export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/** Polls `fn` until it returns a truthy value; fails with `what` after the timeout. */
export async function until(what, fn, timeout = ACTION_TIMEOUT_MS) {
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

export const byTestId = (id) => page.getByTestId(id);
export const textOf = async (id) => ((await byTestId(id).textContent()) ?? '').trim();
export const navLabels = async () =>
  (await page.locator('[data-testid="nav"] a').allTextContents()).map((s) => s.trim());
export const visible = (id) => byTestId(id).waitFor({ state: 'visible' });
export const absent = async (id) => (await byTestId(id).count()) === 0;

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
function startServer(binary, dataDir, env) {
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
          ...env,
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

/** HTTP error answers a scenario provokes on purpose: { status, path: RegExp } (allowHttpError). */
const allowedHttpErrors = [];

/** Lets the browser log one kind of HTTP error answer for the rest of the scenario, e.g. the 400
 * that carries an import's per-row report. */
export function allowHttpError(status, path) {
  allowedHttpErrors.push({ status, path });
}

/** Chrome logs each HTTP error response as a console error. Expected: the 401 of
 * /api/v1/session (asking whether a session exists before login, and the wrong-password step),
 * and what the scenario allowed with allowHttpError(). */
function expectedConsoleError(msg) {
  const url = msg.location()?.url ?? '';
  const status = /Failed to load resource: the server responded with a status of (\d{3})/.exec(msg.text())?.[1];
  if (!status) return false;
  const path = url.replace(/^https?:\/\/[^/]+/, '');
  if (status === '401' && /^\/api\/v1\/session$/.test(path)) return true;
  return allowedHttpErrors.some((a) => String(a.status) === status && a.path.test(path));
}

async function startBrowser(userDataDir, options = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}`);
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    timeout: STARTUP_TIMEOUT_MS,
    ...options,
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

/**
 * The first two steps of every scenario: the server (with `env` added to its environment) and
 * Chromium start (with `browserOptions` added to its context options, e.g. a `timezoneId`).
 * Resolves with the server's base URL.
 */
export async function boot(binary, env = {}, browserOptions = {}) {
  let base;
  await step('server starts and prints its port', async () => {
    assert(existsSync(join(DIST, 'index.html')), `${DIST}/index.html missing: run "npm run build" in web/`);
    tmpRoot = mkdtempSync(join(tmpdir(), 'qalxan-e2e-'));
    mkdirSync(join(tmpRoot, 'data'));
    base = await startServer(binary, join(tmpRoot, 'data'), env);
    return base;
  });

  await step('chromium starts', async () => {
    await startBrowser(join(tmpRoot, 'chromium-profile'), browserOptions);
    return context.browser()?.version() ?? 'persistent context';
  });
  return base;
}

export async function login(username, password) {
  await byTestId('login-username').fill(username);
  await byTestId('login-password').fill(password);
  await byTestId('login-submit').click();
}

// ---------------------------------------------------------------------------------------------

/**
 * Runs `scenario(binary)` with the binary named on the command line (default
 * build/src/app/qalxan), under a watchdog, then cleans up. Resolves with the exit code.
 */
export async function runMain(name, scenario) {
  const binary = process.argv[2] || join(REPO, 'build', 'src', 'app', 'qalxan');
  if (!existsSync(binary)) {
    log(`usage: node ${process.argv[1]} <path to the qalxan binary> (${binary} does not exist)`);
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
        const shot = name === 'web_e2e' ? 'e2e-failure.png' : `${name}-failure.png`;
        mkdirSync(join(WEB, 'test-results'), { recursive: true });
        await page.screenshot({ path: join(WEB, 'test-results', shot), fullPage: true });
        log(`    screenshot: web/test-results/${shot}`);
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
  log(`${name}: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}
