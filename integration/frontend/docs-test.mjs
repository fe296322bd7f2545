// Loads the example's API reference page (/docs) in headless Chromium
// (playwright-core driving the system's browser) and checks what a person
// would: the page loads without asking any other host for anything, both
// APIs list the operations of every model, and "Try it out" on a GET
// returns data.
//
//   BASE_URL=http://127.0.0.1:8080 MODELS=comment,post,profile,tag,user CHROMIUM=/usr/bin/chromium-headless-shell node docs-test.mjs
//
// Prints one line per check and "N passed, N failed"; exits 1 on any failure.
import { chromium } from 'playwright-core';

const BASE_URL = process.env.BASE_URL;
const MODELS = (process.env.MODELS ?? '').split(',').filter(Boolean);
const CHROMIUM = process.env.CHROMIUM;
if (!BASE_URL || MODELS.length === 0 || !CHROMIUM) {
  console.error('usage: BASE_URL=<server> MODELS=<types,…> CHROMIUM=<browser binary> node docs-test.mjs');
  process.exit(2);
}
const origin = new URL(BASE_URL).origin;

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}: ${err?.message ?? err}`);
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

// The flags keep Chromium from calling home (the machine has no network).
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage();
const foreign = [];
const pageErrors = [];
await page.route('**/*', (route) => {
  const url = route.request().url();
  if (url.startsWith('data:') || new URL(url).origin === origin) return route.continue();
  foreign.push(url);
  return route.abort();
});
page.on('pageerror', (err) => pageErrors.push(String(err)));

// tagsShown waits for Swagger UI to render the document and returns the
// operation tags it lists and the number of operations.
async function tagsShown() {
  await page.waitForSelector('.opblock-tag', { state: 'attached', timeout: 120_000 });
  const tags = await page.$$eval('.opblock-tag', (els) => els.map((e) => e.getAttribute('data-tag')));
  const ops = await page.$$eval('.opblock', (els) => els.length);
  return { tags, ops };
}

await check('the page loads, with its assets gzip-compressed', async () => {
  const res = await page.goto(`${BASE_URL}/docs/`, { waitUntil: 'load' });
  assert(res.status() === 200, `status ${res.status()}`);
  const bundle = await page.request.get(`${BASE_URL}/docs/swagger-ui-bundle.js`, { headers: { 'accept-encoding': 'gzip' } });
  assert(bundle.headers()['content-encoding'] === 'gzip', `bundle encoding ${bundle.headers()['content-encoding']}`);
});

await check('JSON:API: every model is listed with its operations', async () => {
  const { tags, ops } = await tagsShown();
  for (const m of MODELS) assert(tags.includes(m), `no section for ${m} in ${JSON.stringify(tags)}`);
  assert(ops >= MODELS.length * 5, `only ${ops} operations`);
});

await check('JSON:API: Try it out on GET /tag returns data', async () => {
  const op = page.locator('#operations-tag-listTag');
  await op.locator('.opblock-summary-control').click({ noWaitAfter: true, timeout: 120_000 });
  await op.locator('button.try-out__btn').click({ noWaitAfter: true, timeout: 120_000 });
  await op.locator('button.execute').click({ noWaitAfter: true, timeout: 120_000 });
  const status = op.locator('.live-responses-table .response .response-col_status').first();
  await status.waitFor({ timeout: 120_000 });
  const code = (await status.innerText()).trim();
  assert(code === '200', `status ${code}`);
  const body = await op.locator('.live-responses-table .response-col_description pre').first().innerText();
  assert(body.includes('"data"') && body.includes('"type": "tag"'), `body ${body.slice(0, 200)}`);
});

await check('RPC: every model is listed with its operations', async () => {
  await page.goto(`${BASE_URL}/docs/?api=RPC`, { waitUntil: 'load' });
  const { tags, ops } = await tagsShown();
  for (const m of MODELS) assert(tags.includes(m), `no section for ${m} in ${JSON.stringify(tags)}`);
  assert(ops >= MODELS.length * 10, `only ${ops} operations`);
});

await check('RPC: Try it out on GET /post/findMany returns data', async () => {
  const op = page.locator('#operations-post-post_findMany');
  await op.locator('.opblock-summary-control').click({ noWaitAfter: true, timeout: 120_000 });
  await op.locator('button.try-out__btn').click({ noWaitAfter: true, timeout: 120_000 });
  await op.locator('button.execute').click({ noWaitAfter: true, timeout: 120_000 });
  const status = op.locator('.live-responses-table .response .response-col_status').first();
  await status.waitFor({ timeout: 120_000 });
  const code = (await status.innerText()).trim();
  assert(code === '200', `status ${code}`);
  const body = await op.locator('.live-responses-table .response-col_description pre').first().innerText();
  assert(body.includes('"data"') && body.includes('"title"'), `body ${body.slice(0, 200)}`);
});

await check('no request went to another host, and the page raised no error', async () => {
  assert(foreign.length === 0, `requests to other hosts: ${foreign.join(', ')}`);
  assert(pageErrors.length === 0, `page errors: ${pageErrors.join('; ')}`);
});

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
