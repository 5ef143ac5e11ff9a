// The dashboard in a real browser: sign in with the link `./kiln up` prints, train a small Fashion-MNIST model from
// the new-job form, watch its curves grow until it succeeds, promote the registered version to `production`, and
// predict a test image in the playground. Drives the system's Chromium through playwright-core (no browser download).
//
//   KILN_DASHBOARD_URL=http://127.0.0.1:8080/?key=… KILN_SCREENSHOTS=/tmp/shots node browser-tests/dashboard.mjs
//
// Optional: KILN_CHROMIUM (default /usr/bin/chromium), KILN_BROWSER_MODEL (default browser-fmnist), and
// KILN_DASHBOARD_DIST: a `vite build --outDir` folder whose index.html and assets the browser gets instead of the
// gateway's (everything else, sign-in and the API included, still goes to the gateway), to try a UI change against a
// running stack without rebuilding the jars.
// Exit code 0 when every step passed and the page logged no error; 1 otherwise.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const url = process.env.KILN_DASHBOARD_URL;
const shots = process.env.KILN_SCREENSHOTS;
const executablePath = process.env.KILN_CHROMIUM || '/usr/bin/chromium';
const modelName = process.env.KILN_BROWSER_MODEL || 'browser-fmnist';
const dist = process.env.KILN_DASHBOARD_DIST || null;

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

if (!url || !/[?&]key=/.test(url)) fail('set KILN_DASHBOARD_URL to the link `./kiln up` prints, e.g. http://127.0.0.1:8080/?key=…');
if (!shots) fail('set KILN_SCREENSHOTS to a folder for the screenshots');
if (!existsSync(executablePath)) fail(`no Chromium at ${executablePath}: apt-get install chromium (or set KILN_CHROMIUM)`);
mkdirSync(shots, { recursive: true });

const redact = (text) => String(text).replace(/([?&]key=)[^&#\s]+/g, '$1…');
const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${redact(message)}`);

// Every uncaught exception and every console error fails the run, with no exceptions: index.html declares its icon
// (so Chromium asks for no /favicon.ico), the gateway answers a job it has just accepted (no 404 while the registry
// catches up), and the link signs in before the app's first request (no 401).
const pageErrors = [];
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
let exitCode = 1;
let page = null;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (dist) {
    const origin = new URL(url).origin;
    await context.route(
      (u) => u.origin === origin && !u.search.includes('key=') && (u.pathname === '/' || u.pathname === '/index.html' || u.pathname.startsWith('/assets/')),
      async (route) => {
        const path = new URL(route.request().url()).pathname;
        if (path.startsWith('/assets/')) return existsSync(join(dist, path)) ? route.fulfill({ path: join(dist, path) }) : route.continue();
        // the gateway's answer for its headers (the content security policy), with the local index.html
        return route.fulfill({ response: await route.fetch(), body: readFileSync(join(dist, 'index.html'), 'utf8') });
      },
    );
    log(`the dashboard's files come from ${dist}`);
  }
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => pageErrors.push(`uncaught: ${e.stack ?? e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    pageErrors.push(`console error: ${m.text()} (${m.location().url ?? ''})`);
  });
  let shot = 0;
  const screenshot = async (name) => {
    const file = join(shots, `${String(++shot).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    log(`screenshot ${file}`);
  };
  const checkErrors = (step) => {
    if (pageErrors.length > 0) throw new Error(`the page reported errors during ${step}:\n  ${pageErrors.join('\n  ')}`);
  };

  // 1. Sign in: the gateway trades ?key= for an HttpOnly cookie; the app then lists the jobs.
  log(`open ${url}`);
  await page.goto(url);
  // the page the sign-in redirect lands on is not routed; load it again so the local files are used
  if (dist) await page.reload();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Jobs' }).waitFor();
  if (page.url().includes('key=')) throw new Error(`the key is still in the address bar: ${redact(page.url())}`);
  const cookies = await context.cookies();
  if (!cookies.some((c) => c.httpOnly)) throw new Error(`no HttpOnly cookie after sign-in: ${cookies.map((c) => c.name).join(', ')}`);
  await screenshot('signed-in');
  checkErrors('sign-in');

  // 2. The new-job form: Fashion-MNIST, the mlp template, one epoch, registered as modelName.
  await nav.getByRole('link', { name: 'New job' }).click();
  await page.getByRole('heading', { name: 'New training job' }).waitFor();
  await page.getByRole('combobox', { name: 'Data set' }).selectOption('fashion-mnist');
  await page.getByText('Samples [1, 28, 28], 10 classes', { exact: false }).waitFor();
  await page.getByLabel('Job name').fill('browser-mlp');
  await page.getByLabel('Register the model as').fill(modelName);
  await page.getByRole('radio', { name: 'Template' }).check();
  await page.getByRole('combobox', { name: 'Template' }).selectOption('mlp');
  await page.getByLabel('Epochs').fill('1');
  await page.getByLabel('Batch size').fill('128');
  await page.getByRole('radio', { name: 'CPU' }).check();
  await screenshot('new-job');
  await page.getByRole('button', { name: 'Start training' }).click();

  // 3. The job page: curves with at least one point, then SUCCEEDED.
  await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
  const jobId = decodeURIComponent(page.url().split('#/jobs/')[1]);
  log(`job ${jobId} submitted`);
  const title = page.locator('#page-title');
  await title.waitFor();
  const lossChart = page.locator('figure.chart', { has: page.locator('figcaption strong', { hasText: /^Loss$/ }) });
  await lossChart.locator('figcaption', { hasText: 'Latest:' }).waitFor({ timeout: 180_000 });
  await page.locator('figure.chart .chart-empty').first().waitFor({ state: 'detached', timeout: 10_000 });
  log(`curves show data: ${await lossChart.locator('figcaption .visually-hidden').textContent()}`);
  await screenshot('job-training');
  const outcome = title.locator('.badge.status-succeeded, .badge.status-failed, .badge.status-cancelled');
  await outcome.waitFor({ timeout: 180_000 });
  const status = (await outcome.textContent())?.trim();
  if (status !== 'succeeded') {
    const note = await page.locator('.note.error').allTextContents();
    throw new Error(`job ${jobId} ended ${status}: ${note.join(' ')}`);
  }
  const versionLink = page.getByRole('link', { name: new RegExp(`^${modelName} v\\d+$`) });
  await versionLink.waitFor({ timeout: 60_000 });
  const versionText = (await versionLink.textContent()).trim();
  const version = versionText.split(' v')[1];
  log(`job succeeded, registered ${versionText}`);
  await screenshot('job-succeeded');
  checkErrors('training');

  // 4. The version page, then the model page's promote form: production → this version. The registry registers
  // the version after the job ends (it copies and checks the artifacts), and an alias may only point to a READY
  // version, so wait for READY first, as a person would wait for the badge.
  await waitForReady(page, modelName, version);
  await versionLink.click();
  await page.waitForURL(new RegExp(`#/models/${modelName}/versions/${version}$`));
  await page.getByRole('heading', { name: 'Lineage' }).waitFor();
  await page.getByRole('heading', { name: 'Artifacts' }).waitFor();
  await screenshot('version');
  await page.locator('#page-title').getByRole('link', { name: modelName }).click();
  await page.waitForURL(new RegExp(`#/models/${modelName}$`));
  await page.getByRole('heading', { name: 'Aliases' }).waitFor();
  await page.getByLabel('Alias', { exact: true }).fill('production');
  await page.getByRole('combobox', { name: 'Version', exact: true }).selectOption(version);
  await page.getByRole('button', { name: 'Promote' }).click();
  await page.getByRole('status').filter({ hasText: `production now points to v${version}.` }).waitFor();
  await page.locator('ul.plain li', { hasText: 'production' }).getByRole('link', { name: `v${version}` }).waitFor();
  log(`promoted v${version} to production`);
  await screenshot('model-promoted');
  checkErrors('promotion');

  // 5. The playground: the model at production, a test image, a label and ten probabilities.
  await nav.getByRole('link', { name: 'Playground' }).click();
  await page.getByRole('heading', { name: 'Playground' }).waitFor();
  await page.getByRole('combobox', { name: 'Model', exact: true }).selectOption(modelName);
  const reference = page.getByLabel('Alias or version');
  await reference.locator('option[value="production"]').waitFor({ state: 'attached' });
  await reference.selectOption('production');
  const tryImage = page.getByRole('button', { name: 'Try a test image' });
  await page.waitForFunction(() => {
    const b = [...document.querySelectorAll('button')].find((x) => x.textContent?.trim() === 'Try a test image');
    return b != null && !b.disabled;
  });
  await tryImage.click();
  const label = page.locator('.prediction-label');
  const playgroundError = page.locator('.playground .note.error');
  await label.or(playgroundError).first().waitFor({ timeout: 60_000 });
  if (await playgroundError.count()) throw new Error(`the playground shows an error: ${await playgroundError.first().textContent()}`);
  const bars = page.getByRole('list', { name: 'Class probabilities' }).getByRole('listitem');
  await page.waitForFunction(() => document.querySelectorAll('ol.bars li').length === 10);
  const values = (await bars.locator('.bar-value').allTextContents()).map((t) => Number.parseFloat(t));
  const total = values.reduce((a, b) => a + b, 0);
  if (values.some((v) => Number.isNaN(v)) || Math.abs(total - 100) > 1.5) {
    throw new Error(`the probabilities do not add up to 100%: ${values.join(', ')}`);
  }
  const predicted = (await label.textContent()).trim();
  const classes = (await bars.locator('.bar-label').allTextContents()).map((t) => t.trim());
  if (!classes.includes(predicted)) throw new Error(`predicted label '${predicted}' is not one of the classes ${classes.join(', ')}`);
  const actual = (await page.locator('p.muted.small strong').first().textContent())?.trim();
  log(`playground: predicted ${predicted}, the test image is labelled ${actual}; top bar ${Math.max(...values)}%`);
  await screenshot('playground');
  checkErrors('prediction');

  log('PASS');
  exitCode = 0;
} catch (e) {
  console.error(redact(`FAIL: ${e.stack ?? e.message}`));
  if (pageErrors.length > 0) console.error(redact(`page errors:\n  ${pageErrors.join('\n  ')}`));
  if (page) {
    const file = join(shots, 'failure.png');
    await page.screenshot({ path: file, fullPage: true }).then(() => console.error(`screenshot of the failure: ${file}`), () => {});
  }
} finally {
  await browser.close();
}
process.exit(exitCode);

async function waitForReady(page, model, version) {
  const deadline = Date.now() + 60_000;
  let status = '?';
  while (Date.now() < deadline) {
    const response = await page.request.get(new URL(`/api/v1/models/${model}/versions/${version}`, page.url()).href);
    if (response.ok()) {
      status = (await response.json()).status;
      if (status === 'READY') return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${model} v${version} is still ${status} after 60 s`);
}
