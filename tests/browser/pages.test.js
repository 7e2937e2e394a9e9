// The help center in a real browser: Playwright drives Debian's chromium against the real kb-index and
// kb-serve. A reader searches (with instant suggestions), opens a result, switches language, copies a
// link, votes, and copies code from an article with callouts; screenshots of each page at phone and
// desktop widths go to build/screenshots/, and axe-core checks every page for serious or critical
// accessibility violations.
// Usage: node pages.test.js BUILD_DIR. Exits 77 (skipped) without chromium or the npm packages.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, browserOrSkip } = require('./kb-server');

const kWidths = { phone: 375, desktop: 1280 };
const { chromium, executablePath, accessibilityProblems } = browserOrSkip();

const buildDir = path.resolve(process.argv[2] || path.join(__dirname, '../../build'));
const screenshotDir = path.join(buildDir, 'screenshots');

const kNarrowest = 320;

// Screenshots at both widths (full page) and axe at both: the phone layout hides and moves things.
// Nothing may scroll sideways, down to the narrowest phones.
async function capture(page, name, report) {
  await page.setViewportSize({ width: kNarrowest, height: 800 });
  const narrowOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(narrowOverflow <= 0, `${name} at ${kNarrowest}px scrolls sideways by ${narrowOverflow}px`);
  for (const [label, width] of Object.entries(kWidths)) {
    await page.setViewportSize({ width, height: 800 });
    const file = path.join(screenshotDir, `${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    report.screenshots.push(file);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name} at ${width}px scrolls sideways by ${overflow}px`);
    for (const problem of await accessibilityProblems(page)) report.axe.push(`${name} (${label}): ${problem}`);
  }
}

async function main() {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const server = await startServer(buildDir);
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  const report = { screenshots: [], axe: [], cspErrors: [] };
  try {
    const context = await browser.newContext({ viewport: { width: kWidths.desktop, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) report.cspErrors.push(message.text());
    });

    // Home: the first Tab reaches the skip link, which shows itself.
    await page.goto(`${server.url}/?lang=en`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
    assert.ok((await page.locator('a.skip').boundingBox()).x >= 0, 'the focused skip link is on screen');
    await page.keyboard.press('Shift+Tab');
    await capture(page, 'home', report);

    // Search: suggestions appear as the reader types and the arrow keys move through them.
    const box = page.locator('#home-q');
    await box.click();
    await box.pressSequentially('reset rou', { delay: 30 });
    const suggestions = page.locator('ul.suggestions[role="listbox"]:not([hidden]) [role="option"]');
    await suggestions.first().waitFor();
    assert.match(await suggestions.first().innerText(), /reset/i);
    await box.press('ArrowDown');
    assert.equal(await box.getAttribute('aria-activedescendant'), await suggestions.first().getAttribute('id'));
    await box.press('Escape');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    await box.fill('reset router');
    await Promise.all([page.waitForURL(/\/search\?/), box.press('Enter')]);
    const count = await page.locator('.results p.count').innerText();
    assert.match(count, /^\d+ results? for “reset router”/);
    assert.ok(await page.locator('ol.articles li .language').count() > 0, 'each result names its language');
    assert.ok(await page.locator('ol.articles .snippet mark').count() > 0, 'snippets highlight the words');
    await capture(page, 'results', report);

    // Open the first result (through the click log) and find the article's parts.
    await Promise.all([page.waitForURL(/\/articles\//), page.locator('ol.articles li a').first().click()]);
    assert.match(page.url(), /\/en\/articles\/reset-router$/);
    assert.equal(await page.locator('nav.breadcrumbs [aria-current="page"]').innerText(),
                 await page.locator('h1').innerText());
    assert.ok(await page.locator('nav.toc a[href^="#"]').count() >= 3, 'a table of contents');
    assert.ok(await page.locator('nav.related li a').count() > 0, 'related articles');
    const image = page.locator('.body img').first();
    assert.equal(await image.getAttribute('loading'), 'lazy');
    assert.equal(await image.getAttribute('width'), '960');
    await image.scrollIntoViewIfNeeded();
    await page.waitForFunction((img) => img.complete && img.naturalWidth === 960, await image.elementHandle(),
                               { timeout: 5000 });
    await capture(page, 'article', report);

    // Copy link: the clipboard holds the article's address.
    await page.locator('.copy-link[data-copy="page"]').click();
    await page.locator('.copy-link[data-copy="page"]', { hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${server.url}/en/articles/reset-router`);

    // Vote: the thank-you replaces the form without a reload.
    await page.locator('form.feedback-form button[value="yes"]').click();
    await page.locator('.feedback-note', { hasText: 'Thank you' }).waitFor();

    // Switch language: the Telugu version, with lang and dir set for it.
    await Promise.all([page.waitForURL(/\/te\/articles\//),
                       page.locator('nav.translations a[hreflang="te"]').click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'te');
    assert.equal(await page.locator('html').getAttribute('dir'), 'ltr');
    await capture(page, 'article-te', report);
    await page.goto(`${server.url}/pa/articles/reset-router`);
    await capture(page, 'article-pa', report);

    // Callouts, a task list, a footnote and a code block whose copy button works from the keyboard.
    await page.goto(`${server.url}/en/articles/port-forwarding`);
    const caution = page.locator('.body aside.callout-caution[role="note"]');
    assert.ok(await caution.isVisible(), 'the callout is shown');
    assert.equal(await caution.locator('.callout-label').innerText(), 'Caution');
    assert.match(await caution.innerText(), /Every open port is a way into your network/);
    assert.equal(await page.locator('.body li > input[type="checkbox"][disabled]').count(), 3);
    assert.equal(await page.locator('.body .footnotes li[id^="fn-"]').count(), 1);
    const code = page.locator('.body .code-block[data-lang="powershell"]');
    assert.equal(await code.evaluate((block) => getComputedStyle(block, '::before').content), '"powershell"');
    const copyCode = code.locator('button.code-copy');
    await copyCode.focus();
    await page.keyboard.press('Enter');
    await code.locator('button.code-copy', { hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()),
                 'Test-NetConnection -ComputerName 203.0.113.7 -Port 25565\n');
    await capture(page, 'article-callouts', report);
    // Each kind of callout has its own colours in the dark scheme: check their contrast there too.
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const problem of await accessibilityProblems(page)) report.axe.push(`article-callouts (dark): ${problem}`);
    await page.emulateMedia({ colorScheme: 'light' });

    assert.deepEqual(report.cspErrors, [], 'no Content-Security-Policy violations');
  } finally {
    console.log('Screenshots:');
    for (const file of report.screenshots) console.log(`  ${file}`);
    console.log(report.axe.length ? `axe: ${report.axe.length} serious or critical violations:` :
                                    'axe: no serious or critical violations');
    for (const line of report.axe) console.log(`  ${line}`);
    await browser.close();
    await server.stop();
  }
  assert.deepEqual(report.axe, [], 'no serious or critical accessibility violations');
  console.log('browser tests passed');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
