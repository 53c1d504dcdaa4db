// The dashboard against a running `leakwatch serve` with lab data, in headless chromium (run.sh
// starts everything and sets the environment). Every page is screenshotted at laptop and phone
// sizes into LW_ARTIFACT_DIR.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { api, env, hashIs, laptop, launch, newPage, phone, shot, signIn } from './harness.mjs';

let browser;
let closeBrowser = async () => {};
const pages = [];
async function page(viewport = laptop) {
  const p = await newPage(browser, viewport);
  pages.push(p);
  return p;
}

before(async () => {
  ({ browser, close: closeBrowser } = await launch());
});

after(async () => {
  await closeBrowser();
});

test('a token the API does not know is refused on the login page', { timeout: 60_000 }, async () => {
  const p = await page();
  await p.goto(`${env.base}/`);
  await p.locator('#token').waitFor();
  await shot(p, 'laptop-login');
  await p.getByRole('button', { name: 'Sign in' }).click();
  assert.match(await p.locator('#token-error').innerText(), /Paste a token/, 'an empty token names what is missing');
  await p.locator('#token').fill(`lw_${'A'.repeat(43)}`);
  await p.getByRole('button', { name: 'Sign in' }).click();
  const error = await p.locator('#token-error').innerText();
  assert.match(error, /refused \(HTTP 401\)/);
  assert.equal(await p.locator('header.topbar').count(), 0, 'still signed out');
  assert.equal(await p.evaluate(() => sessionStorage.length), 0, 'a refused token is not kept');
});

test('the viewer signs in, searches and refines with a facet', { timeout: 60_000 }, async () => {
  const p = await page();
  await signIn(p, env.viewer);
  assert.match(await p.locator('.who-name').innerText(), /dashboard-viewer \(viewer\)/);
  await p.locator('#q').fill('verdict:open');
  await p.locator('#q').press('Enter');
  await hashIs(p, '#/search?q=verdict%3Aopen');
  await p.locator('.results .result').first().waitFor();
  const truth = (await api('/api/v1/search?q=verdict:open&limit=1')).body;
  assert.ok(truth.total >= 10, `the lab has open services (${truth.total})`);
  assert.match(await p.locator('.results-count').innerText(), new RegExp(`^${truth.total} services`));
  const verdicts = await p.locator('.results .result .verdict').allInnerTexts();
  assert.ok(verdicts.length > 0 && verdicts.every((v) => v === 'open'), `every result is open: ${verdicts}`);
  assert.ok((await p.locator('.facet a').count()) > 5, 'facets are listed');
  await shot(p, 'laptop-search');

  await p.locator('.facet a[data-facet="product"][data-value="redis"]').click();
  await hashIs(p, '#/search?q=verdict%3Aopen%20product%3Aredis');
  await p.waitForFunction(() => document.querySelector('.results-count')?.textContent?.includes('product:redis'));
  assert.equal(await p.locator('#q').inputValue(), 'verdict:open product:redis');
  const redis = (await api('/api/v1/search?q=verdict:open%20product:redis&limit=1')).body;
  assert.ok(redis.total > 0 && redis.total < truth.total, 'the facet narrowed the search');
  assert.match(await p.locator('.results-count').innerText(), new RegExp(`^${redis.total} service`));
  const products = await p.locator('.results .result-product').allInnerTexts();
  assert.ok(products.every((t) => t.startsWith('redis')), `only redis: ${products}`);
});

test('an invalid query shows the API error under the box with a caret at its column', { timeout: 60_000 }, async () => {
  const p = await page();
  await signIn(p, env.viewer);
  const bad = 'verdict:open colour:red';
  await p.locator('#q').fill(bad);
  await p.locator('#q').press('Enter');
  const error = p.locator('.query-error');
  await error.waitFor();
  const truth = (await api(`/api/v1/search?q=${encodeURIComponent(bad)}`)).body.error;
  assert.equal(truth.field, 'q');
  assert.equal(truth.column, 14);
  assert.equal(await p.locator('.query-error-message').innerText(), truth.message);
  assert.equal(await p.locator('.query-caret').getAttribute('data-column'), String(truth.column));
  // The caret stands under the character at that column, as laid out.
  const offset = await p.evaluate(() => {
    const text = document.querySelector('.query-echo-text').firstChild;
    const caret = document.querySelector('.query-caret');
    const at = Number(caret.dataset.column) - 1;
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + 1);
    const charBox = range.getBoundingClientRect();
    const caretRange = document.createRange();
    caretRange.setStart(caret.firstChild, caret.textContent.length - 1);
    caretRange.setEnd(caret.firstChild, caret.textContent.length);
    return Math.abs(caretRange.getBoundingClientRect().left - charBox.left);
  });
  assert.ok(offset < 1.5, `the caret is ${offset}px off the column`);
  assert.equal(await p.locator('#q').evaluate((el) => el.selectionStart), truth.column - 1, 'the cursor is put at the column');
  assert.equal(await p.locator('#q').getAttribute('aria-invalid'), 'true');
  await shot(p, 'laptop-search-error');
});

test('a host shows its services, verdict, severity reasons, masked evidence and timeline', { timeout: 60_000 }, async () => {
  const p = await page();
  await signIn(p, env.viewer);
  await p.locator('#q').fill('ip:127.0.1.6');
  await p.locator('#q').press('Enter');
  await p.locator('.result-link', { hasText: '127.0.1.6:6379' }).click();
  await hashIs(p, '#/host/127.0.1.6');
  await p.locator('h1', { hasText: '127.0.1.6' }).waitFor();
  const card = p.locator('article.service').first();
  await card.locator('.findings tbody tr').first().waitFor();
  assert.equal(await card.locator('.service-head .verdict').innerText(), 'open');
  assert.equal(await card.locator('.service-head [data-severity]').innerText(), 'critical');
  assert.ok((await card.locator('.reasons li').count()) > 0, 'severity reasons are listed');
  assert.match(await card.locator('.verdict-reason').innerText(), /without AUTH/);

  const id = Number(await card.getAttribute('data-service-id'));
  const findings = (await api(`/api/v1/findings?service=${id}&limit=100`)).body.items;
  const shown = await card.locator('.findings td.masked').allInnerTexts();
  assert.deepEqual(shown, findings.map((f) => f.masked), 'the masked values the API serves, as served');
  assert.ok(shown.some((m) => m.includes('*')), 'values are masked');
  assert.ok(!shown.some((m) => /\b\d{3}-\d{2}-\d{4}\b|\b\d{4} \d{4} \d{4} \d{4}\b/.test(m)), 'no whole SSN or card');

  const timeline = p.locator('.timeline');
  await timeline.locator('.tl-observation').first().waitFor();
  assert.ok((await timeline.locator('.tl-became_open').count()) >= 1, 'the timeline has the service becoming open');
  assert.ok((await timeline.locator('.tl-new_category').count()) >= 1, 'and its new categories of data');
  await shot(p, 'laptop-host');
});

test('the viewer sees the incident board without actions', { timeout: 60_000 }, async () => {
  const p = await page();
  await signIn(p, env.viewer);
  await p.goto(`${env.base}/#/incidents`);
  const open = p.locator('.board-column[data-state="open"] .incident');
  await open.first().waitFor();
  const truth = (await api('/api/v1/incidents?state=open&limit=20')).body.items;
  assert.equal(await open.count(), truth.length);
  const remediated = p.locator('.board-column[data-state="remediated"] .incident', { hasText: '127.0.1.7:6379' });
  await remediated.waitFor();
  assert.match(await remediated.locator('.window').innerText(), /remediated/);
  assert.equal(await p.locator('[data-action]').count(), 0, 'no acknowledge, silence or close for a viewer');
  assert.match(await p.locator('.page-head').innerText(), /viewer\) can look but not change/);
});

test('the overview draws every chart with lab data, MTTD and MTTR', { timeout: 60_000 }, async () => {
  const p = await page();
  await signIn(p, env.viewer);
  await p.goto(`${env.base}/#/overview`);
  await p.locator('[data-chart] canvas[data-points]').first().waitFor();
  const truth = (await api('/api/v1/overview?days=7')).body;
  const charts = await p.locator('[data-chart]').evaluateAll((sections) =>
    sections.map((s) => {
      const canvas = s.querySelector('canvas');
      if (!canvas) return { id: s.dataset.chart, points: -1, coloured: 0 };
      // Pixels of a saturated colour: the data (axes, grid lines and labels are grey).
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
        if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured++;
      }
      return { id: s.dataset.chart, points: Number(canvas.dataset.points ?? 0), coloured };
    }),
  );
  assert.deepEqual(charts.map((c) => c.id).sort(), ['by-asset', 'by-product', 'open-over-time', 'response-times']);
  for (const c of charts) {
    assert.ok(c.points > 0, `chart ${c.id} has data points`);
    assert.ok(c.coloured > 200, `chart ${c.id} drew its data (${c.coloured} coloured pixels)`);
  }
  assert.notEqual(truth.mttd_seconds, null);
  assert.notEqual(truth.mttr_seconds, null);
  assert.notEqual(await p.locator('[data-tile="mttd"] .tile-value').innerText(), '—');
  assert.notEqual(await p.locator('[data-tile="mttr"] .tile-value').innerText(), '—');
  assert.equal(await p.locator('[data-tile="compromised"] .tile-value').innerText(), String(truth.compromised.count));
  assert.match(await p.locator('.compromised-list').innerText(), /127\.0\.1\.9:6379/);
  await shot(p, 'laptop-overview');

  // The period: 24 hours in the API's finer buckets, the table beside the chart says how many.
  const day = (await api('/api/v1/overview?days=1')).body;
  await p.getByRole('button', { name: '24 hours' }).click();
  await p.locator('[aria-pressed="true"]', { hasText: '24 hours' }).waitFor();
  const rows = p.locator('[data-chart="open-over-time"] .chart-table tbody tr');
  await p.waitForFunction((n) => document.querySelectorAll('[data-chart="open-over-time"] .chart-table tbody tr').length === n, day.open_over_time.length);
  assert.equal(await rows.count(), day.open_over_time.length);
});

test('keyboard: Tab reaches the skip link and the search box, / focuses it from anywhere', { timeout: 60_000 }, async () => {
  const p = await page();
  await signIn(p, env.viewer);
  await p.goto(`${env.base}/#/search?q=verdict%3Aopen`);
  await p.locator('.results .result').first().waitFor();
  await p.evaluate(() => document.activeElement?.blur());
  await p.keyboard.press('Tab');
  assert.equal(await p.evaluate(() => document.activeElement?.className), 'skip-link');
  const ring = await p.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(ring, 'none', 'the focused control shows a ring');
  let reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await p.keyboard.press('Tab');
    reached = await p.evaluate(() => document.activeElement?.id === 'q');
  }
  assert.ok(reached, 'Tab reaches the search box within 20 presses');
  await p.goto(`${env.base}/#/overview`);
  await p.locator('h1', { hasText: 'Overview' }).waitFor();
  await p.keyboard.press('/');
  await hashIs(p, '#/search');
  await p.waitForFunction(() => document.activeElement?.id === 'q', null, { timeout: 5_000 });
});

test('the responder acknowledges and silences incidents, and the API agrees', { timeout: 60_000 }, async () => {
  const p = await page();
  await signIn(p, env.responder);
  await p.goto(`${env.base}/#/incidents`);
  const first = p.locator('.board-column[data-state="open"] .incident').first();
  await first.waitFor();
  const id = Number(await first.getAttribute('data-incident-id'));
  await first.locator('[data-action="ack"]').click();
  const dialog = p.locator('dialog.action-dialog');
  await dialog.waitFor();
  await dialog.locator('#action-comment').fill('looking at it (browser test)');
  await shot(p, 'laptop-incident-dialog', { fullPage: false });
  await dialog.getByRole('button', { name: 'Acknowledge' }).click();
  await p.locator('.status', { hasText: `Incident ${id}` }).waitFor();
  await p.locator(`.board-column[data-state="acknowledged"] [data-incident-id="${id}"]`).waitFor();
  const acked = (await api(`/api/v1/incidents/${id}`)).body.incident;
  assert.equal(acked.state, 'acknowledged');
  assert.ok(acked.timeline.some((s) => s.kind === 'acknowledged' && JSON.stringify(s).includes('browser test')));

  const second = p.locator('.board-column[data-state="open"] .incident').first();
  const service = await second.locator('.incident-service').innerText();
  await second.locator('[data-action="silence"]').click();
  await dialog.waitFor();
  await dialog.locator('#silence-duration').selectOption({ label: '1 day' });
  await dialog.locator('#action-comment').fill('maintenance window (browser test)');
  await dialog.getByRole('button', { name: 'Silence' }).click();
  await p.locator('.status', { hasText: `silenced` }).waitFor();
  await p.locator('.silence', { hasText: service }).waitFor();
  const silences = (await api('/api/v1/silences')).body.items;
  const made = silences.find((s) => s.service === service);
  assert.ok(made, `the API lists a silence of ${service}`);
  assert.equal(made.comment, 'maintenance window (browser test)');
  const hours = (Date.parse(made.expires) - Date.parse(made.created)) / 3600_000;
  assert.ok(Math.abs(hours - 24) < 0.01, `silenced for a day (${hours} h)`);
  await shot(p, 'laptop-incidents');
});

test('a token revoked during the session leads back to the login page', { timeout: 60_000 }, async () => {
  const p = await page();
  await signIn(p, env.revocable);
  execFileSync(env.bin, ['token', 'revoke', 'dashboard-revoked', '--db', env.catalog], { timeout: 15_000, stdio: 'ignore' });
  await p.locator('header.topbar a', { hasText: 'Overview' }).click();
  await p.locator('#token').waitFor();
  assert.match(await p.locator('.notice').innerText(), /signed out/);
  assert.equal(await p.evaluate(() => sessionStorage.length), 0, 'the refused token is forgotten');
});

test('every page at phone width: no sideways scrolling, a folded menu', { timeout: 60_000 }, async () => {
  const p = await page(phone);
  const noOverflow = async (what) => {
    const [scroll, width] = await p.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= width, `${what} is ${scroll}px wide in a ${width}px window`);
  };
  await p.goto(`${env.base}/`);
  await p.locator('#token').waitFor();
  await noOverflow('the login page');
  await shot(p, 'phone-login');
  await signIn(p, env.viewer);
  assert.equal(await p.locator('#main-nav').isVisible(), false, 'the links are folded');
  await p.getByRole('button', { name: 'Menu' }).click();
  await p.locator('#main-nav a', { hasText: 'Incidents' }).waitFor();
  await p.getByRole('button', { name: 'Menu' }).click();

  // Each page with what shows it has loaded.
  const visits = [
    ['search', '#/search?q=verdict%3Aopen', ['.results .result']],
    ['search-error', '#/search?q=verdict%3Aopen%20colour%3Ared', ['.query-error']],
    ['host', '#/host/127.0.1.6', ['.findings tbody tr', '.timeline .tl-observation']],
    ['incidents', '#/incidents', ['.board-column[data-state="open"] .incident', '.incident .silenced', '.silence']],
    ['overview', '#/overview', ['[data-chart="response-times"] canvas[data-points]']],
  ];
  for (const [name, hash, ready] of visits) {
    await p.goto(`${env.base}/${hash}`);
    for (const selector of ready) await p.locator(selector).first().waitFor();
    await noOverflow(`the ${name} page`);
    await shot(p, `phone-${name}`);
  }
});

test('no page made a request off loopback, put a token in a URL, or broke the CSP', { timeout: 60_000 }, () => {
  const problems = pages.flatMap((p) => p.problems);
  assert.deepEqual(problems, []);
});
