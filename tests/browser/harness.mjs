// What the browser tests share: the environment run.sh sets, the browser, pages at laptop and
// phone sizes, signing in, screenshots, and the API read directly to check what a page shows.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run tests/browser/run.sh, which sets it`);
  return v;
}

export const env = {
  base: required('LW_BASE_URL'),
  viewer: required('LW_VIEWER_TOKEN'),
  responder: required('LW_RESPONDER_TOKEN'),
  revocable: required('LW_REVOCABLE_TOKEN'),
  bin: required('LW_BIN'),
  catalog: required('LW_CATALOG'),
  chromium: required('LW_CHROMIUM'),
  artifacts: required('LW_ARTIFACT_DIR'),
  browserPidFile: process.env.LW_BROWSER_PID_FILE ?? '',
};

export const laptop = { width: 1366, height: 900 };
export const phone = { width: 375, height: 812 };

/**
 * Chromium headless, in a server of its own so its pid is known (run.sh kills its process group
 * if the test itself is killed); its control socket listens on 127.0.0.1 only.
 */
export async function launch() {
  const server = await chromium.launchServer({
    executablePath: env.chromium,
    headless: true,
    host: '127.0.0.1',
    timeout: 30_000,
    // Without the background-networking flags Chromium reaches for Google's services, and on a
    // machine without Internet its refused connections pile up.
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-default-apps', '--disable-extensions', '--metrics-recording-only',
    ],
  });
  const pid = server.process().pid;
  if (env.browserPidFile && pid) writeFileSync(env.browserPidFile, String(pid));
  try {
    const browser = await chromium.connect(server.wsEndpoint(), { timeout: 30_000 });
    return { browser, close: async () => { await browser.close(); await server.close(); } };
  } catch (e) {
    await server.close();
    throw e;
  }
}

/**
 * A page in a fresh context (its own sessionStorage) that records what a test must not see: a
 * request off loopback, a URL holding a token, a Content-Security-Policy violation, a page error.
 */
export async function newPage(browser, viewport) {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    isMobile: viewport.width < 500,
    hasTouch: viewport.width < 500,
    colorScheme: 'dark',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.problems = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol !== 'data:' && url.hostname !== '127.0.0.1') page.problems.push(`request off loopback: ${r.url()}`);
    for (const t of [env.viewer, env.responder, env.revocable]) {
      if (r.url().includes(t)) page.problems.push(`a token in a URL: ${r.url().replace(t, 'lw_…')}`);
    }
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) {
      page.problems.push(`CSP: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  return page;
}

export async function signIn(page, token) {
  await page.goto(`${env.base}/#/search`);
  await page.locator('#token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('header.topbar').waitFor();
}

export async function shot(page, name, { fullPage = true } = {}) {
  await page.screenshot({ path: join(env.artifacts, `${name}.png`), fullPage });
}

/** GET from the API with a token, as curl would: the truth a page is checked against. */
export async function api(path, token = env.viewer) {
  const res = await fetch(`${env.base}${path}`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(10_000),
  });
  const body = await res.json();
  return { status: res.status, body };
}

/** Waits (bounded) until the page's location hash is `hash`. */
export async function hashIs(page, hash) {
  await page.waitForFunction((h) => location.hash === h, hash, { timeout: 10_000 });
}
