// The embeddable help widget (templates/static/widget.js, issue 17) on someone else's page: a tiny
// "shop" on another loopback port with a strict Content-Security-Policy (nothing inline; scripts,
// styles and fetches only from kb) embeds it with one script tag. Chromium opens the shop and a reader
// uses the widget by mouse and by keyboard, in Telugu; axe checks the page with the panel open; the
// shop's own CSS must not leak in; the API answers the allowed origin only; nothing scrolls sideways
// at 320px. Screenshots go to BUILD_DIR/screenshots/widget-*.png; the widget's size is printed.
// Usage: node widget.test.js BUILD_DIR. Exits 77 (skipped) without chromium or the npm packages.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const zlib = require('node:zlib');
const { startServer, browserOrSkip, sourceDir } = require('./kb-server');

const kProduct = 'KR-1800';
const kLanguage = 'te';
const kQuery = 'రౌటర్';  // "router" in Telugu
const kMaxGzippedBytes = 6 * 1024;

const { chromium, executablePath, accessibilityProblems: axeProblems } = browserOrSkip();

const buildDir = path.resolve(process.argv[2] || path.join(__dirname, '../../build'));
const screenshotDir = path.join(buildDir, 'screenshots');

// The shop's stylesheet: rules that would restyle the widget if they could reach it.
const kShopCss = `body { margin: 0; font: 22px/2 Georgia, serif; color: #222; letter-spacing: 2px; background: #fbfaf7; }
main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
button { font-size: 40px; color: red; background: yellow; }
div, section, ul, li { margin: 40px; padding: 30px; }
a { color: #8a1c1c; }`;

// A page of the shop. widget: the script tag's attributes, or null for none.
function shopPage(kb, widget) {
  const attributes = widget ? Object.entries(widget).map(([name, value]) => ` ${name}="${value}"`).join('') : '';
  return `<!doctype html>
<html lang="${kLanguage}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kestrel KR-1800 రౌటర్ — షాప్</title><link rel="stylesheet" href="/shop.css"></head>
<body><main><h1>${kProduct}</h1>
<p>Kestrel KR-1800 Wi-Fi 6 రౌటర్: ఇంటి మొత్తానికి వేగవంతమైన, స్థిరమైన ఇంటర్నెట్.</p>
<p><a href="/">మా దుకాణానికి తిరిగి వెళ్లండి</a></p></main>
${widget ? `<script src="${kb}/widget.js"${attributes} defer></script>` : ''}
</body></html>`;
}

// A loopback HTTP server for the shop's pages. Its pages name kb's origin (site.kb), set once
// kb-serve is up: kb-serve must be started with the shop's origin.
function startShop() {
  const site = { kb: '' };
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://shop');
    const { kb, origin } = site;
    const csp = `default-src 'none'; script-src ${kb}; style-src ${kb} ${origin}; connect-src ${kb}; img-src ${kb}`;
    if (pathname === '/shop.css') {
      res.writeHead(200, { 'Content-Type': 'text/css' });
      return res.end(kShopCss);
    }
    const pages = {
      '/': { src: '', 'data-product': kProduct },
      '/no-product': { src: '' },
      '/lv': { src: '', 'data-product': kProduct, 'data-lang': 'lv', 'data-limit': '3' },
      '/private-language': { src: '', 'data-product': kProduct, 'data-lang': 'x-klingon' },
      '/plain': null,
    };
    if (!(pathname in pages)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found');
    }
    const widget = pages[pathname] && Object.fromEntries(Object.entries(pages[pathname]).filter(([name]) => name !== 'src'));
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp });
    res.end(shopPage(kb, widget));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      Object.assign(site, { server, origin: `http://127.0.0.1:${server.address().port}` });
      resolve(site);
    });
  });
}

// No preload: axe copies cross-origin stylesheets into <style> elements, which the shop's CSP rightly
// reports (preloading only feeds css-orientation-lock).
const accessibilityProblems = (page) => axeProblems(page, { preload: false });

// A page that records console errors and warnings, uncaught exceptions and CSP violations.
async function watchedPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // Init scripts go through DevTools, so the page's CSP does not block this one.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  const cspViolations = () => page.evaluate(() => window.__cspViolations);
  return { page, problems, cspViolations };
}

// The element focused inside the widget's shadow root, as "tag.class#id", or what has focus outside it.
function focused(page) {
  return page.evaluate(() => {
    const host = document.querySelector('.kb-help-widget');
    const inside = host && host.shadowRoot.activeElement;
    const element = inside || document.activeElement;
    return `${inside ? 'widget ' : ''}${element.localName}${element.className ? `.${element.className}` : ''}` +
           `${element.id ? `#${element.id}` : ''}`;
  });
}

async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

function sizes() {
  const line = [];
  let gzippedTotal = 0;
  for (const name of ['widget.js', 'widget.css']) {
    const body = fs.readFileSync(path.join(sourceDir, 'templates/static', name));
    const gzipped = zlib.gzipSync(body, { level: 9 }).length;
    gzippedTotal += gzipped;
    line.push(`${name} ${body.length.toLocaleString('en')} B (${gzipped.toLocaleString('en')} gzipped)`);
  }
  return { text: `widget: ${line.join(', ')}; ${gzippedTotal.toLocaleString('en')} B gzipped together`, gzippedTotal };
}

async function main() {
  fs.mkdirSync(screenshotDir, { recursive: true });
  // The shop first (kb-serve must know its origin), and a second site kb does not allow.
  const shop = await startShop();
  const elsewhere = await startShop();
  const kb = await startServer(buildDir, ['--cors-origins', shop.origin]);
  shop.kb = elsewhere.kb = kb.url;
  const checks = [];
  const check = (text) => { checks.push(text); };
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  let problems = [];
  const screenshots = [];
  try {
    const api = await (await fetch(`${kb.url}/api/v1/products/${kProduct}/articles?lang=${kLanguage}&limit=5`)).json();
    const search = await (await fetch(`${kb.url}/api/v1/search?q=${encodeURIComponent(kQuery)}&lang=${kLanguage}` +
                                      `&product=${kProduct}&per_page=5`)).json();
    assert.ok(api.articles.length > 0 && search.results.length > 0, 'the sample has articles and search results');

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const shopTab = await watchedPage(context);
    const { page } = shopTab;
    await page.goto(`${shop.origin}/`);

    // The button: in the page's language, collapsed.
    const button = page.getByRole('button', { name: 'సహాయం', exact: true });
    await button.waitFor({ state: 'visible' });
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    const panel = page.locator('section.panel');
    assert.equal(await panel.isVisible(), false, 'the panel is closed at first');
    check('help button shown, labelled in Telugu ("సహాయం"), aria-expanded=false');

    // The shop's CSS does not reach the widget.
    const style = await button.evaluate((element) => {
      const computed = getComputedStyle(element);
      return { fontSize: computed.fontSize, color: computed.color, letterSpacing: computed.letterSpacing,
               fontFamily: computed.fontFamily, position: computed.position };
    });
    assert.equal(style.fontSize, '16px', 'the shop\'s "button { font-size: 40px }" does not apply');
    assert.equal(style.color, 'rgb(255, 255, 255)', 'the shop\'s "button { color: red }" does not apply');
    assert.equal(style.letterSpacing, 'normal', 'the shop\'s letter-spacing is not inherited');
    assert.doesNotMatch(style.fontFamily, /Georgia/, 'the shop\'s font is not inherited');
    assert.equal(style.position, 'fixed');
    assert.equal(await page.locator('.kb-help-widget').evaluate((host) => getComputedStyle(host).paddingTop), '0px',
                 'the shop\'s "div { padding: 30px }" does not apply to the widget\'s host element');
    check('host page CSS does not leak in (font-size 16px not 40px, colour, letter-spacing, font family)');
    const closedFile = path.join(screenshotDir, 'widget-closed-1280.png');
    await page.screenshot({ path: closedFile });
    screenshots.push(closedFile);

    // Open by mouse: focus goes to the search box; the product's articles in Telugu, links tagged.
    await button.click();
    await panel.waitFor({ state: 'visible' });
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.getByRole('dialog', { name: `${kProduct} కోసం సహాయం` }).count(), 1,
                 'the panel is a dialog named by its heading');
    assert.equal(await panel.getAttribute('lang'), kLanguage);
    assert.equal(await focused(page), 'widget input#kb-q');
    const articleLinks = page.locator('section.panel ul.list:not([hidden]) li a');
    await articleLinks.first().waitFor();
    assert.equal(await articleLinks.count(), api.articles.length);
    assert.equal(await articleLinks.first().innerText(), api.articles[0].title);
    const firstHref = await articleLinks.first().getAttribute('href');
    assert.equal(firstHref, `${api.articles[0].url}?src=widget`);
    assert.equal(await articleLinks.first().getAttribute('lang'), api.articles[0].language);
    const fallback = api.articles.findIndex((article) => article.language !== kLanguage);
    if (fallback >= 0) assert.equal(await articleLinks.nth(fallback).getAttribute('lang'), api.articles[fallback].language);
    assert.equal(await page.getByRole('searchbox', { name: 'సహాయ కథనాలను వెతకండి' }).count(), 1, 'a labelled search box');
    check(`click opens the panel (aria-expanded=true, focus in the search box); ${api.articles.length} articles, ` +
          `first "${api.articles[0].title}" -> ${firstHref}, lang set per link`);

    // Search: results replace the list and the status line announces them.
    await page.keyboard.type(kQuery);
    await page.keyboard.press('Enter');
    const status = page.locator('section.panel p.status[role="status"][aria-live="polite"]');
    const foundText = `దొరికిన కథనాలు: ${search.total}`;
    await page.locator('section.panel p.status', { hasText: foundText }).waitFor();
    const resultLinks = page.locator('section.panel ul.list:not([hidden]) li a');
    assert.equal(await resultLinks.count(), search.results.length);
    assert.equal(await resultLinks.first().innerText(), search.results[0].title);
    assert.match(await resultLinks.first().getAttribute('href'), /[?&]src=widget$/);
    assert.equal(await page.locator('section.panel ul.list').count(), 2);
    const more = new URL(await page.locator('section.panel a.more').getAttribute('href'));
    assert.equal(more.origin + more.pathname, `${kb.url}/search`);
    assert.equal(more.searchParams.get('q'), kQuery);
    assert.equal(more.searchParams.get('lang'), kLanguage);
    check(`search "${kQuery}": ${search.results.length} results, status "${await status.innerText()}" ` +
          `(role=status, aria-live=polite), "more help" -> the search page`);
    for (const [width, height] of [[375, 740], [1280, 800]]) {
      await page.setViewportSize({ width, height });
      const file = path.join(screenshotDir, `widget-search-${width}.png`);
      await page.screenshot({ path: file });
      screenshots.push(file);
    }

    // Clearing the box brings the product's articles back.
    await page.locator('#kb-q').fill('');
    await page.locator('section.panel ul.list:not([hidden]) li a', { hasText: api.articles[0].title }).first().waitFor();
    check('clearing the search box shows the product\'s articles again');

    // axe on the host page with the panel open, and screenshots.
    for (const [width, height] of [[375, 740], [1280, 800]]) {
      await page.setViewportSize({ width, height });
      const file = path.join(screenshotDir, `widget-${width}.png`);
      await page.screenshot({ path: file });
      screenshots.push(file);
      assert.ok((await overflow(page)) <= 0, `the shop scrolls sideways at ${width}px`);
      for (const problem of await accessibilityProblems(page)) problems.push(`axe (${width}px): ${problem}`);
    }
    check('axe on the shop page with the panel open, at 375 and 1280px');

    // Escape closes and gives focus back; the keyboard alone opens it again.
    await page.locator('#kb-q').focus();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await focused(page), 'widget button.open');
    await page.evaluate(() => document.activeElement.blur());
    let tabs = 0;
    while ((await focused(page)) !== 'widget button.open') {
      assert.ok(++tabs <= 5, 'Tab reaches the help button');
      await page.keyboard.press('Tab');
    }
    assert.equal(await button.evaluate((element) => getComputedStyle(element).outlineStyle), 'solid',
                 'the focused button shows a focus ring');
    await page.keyboard.press('Enter');
    await panel.waitFor({ state: 'visible' });
    assert.equal(await focused(page), 'widget input#kb-q');
    await page.keyboard.press('Shift+Tab');  // to the close button, which Enter presses
    assert.equal(await focused(page), 'widget button.close');
    await page.keyboard.press('Enter');
    await panel.waitFor({ state: 'hidden' });
    assert.equal(await focused(page), 'widget button.open');
    check(`Escape closes the panel and focus returns to the button; Tab (${tabs}x) + Enter reopens it; ` +
          'the close button works from the keyboard');

    // 320px: the panel spans the screen without scrolling it sideways.
    await page.setViewportSize({ width: 320, height: 640 });
    await button.click();
    await panel.waitFor({ state: 'visible' });
    const box = await panel.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 320, `the panel fits 320px (${box.x}+${box.width})`);
    assert.ok(box.width >= 300, 'the panel is (nearly) full width on a narrow screen');
    assert.ok((await overflow(page)) <= 0, 'the shop scrolls sideways at 320px with the panel open');
    check(`at 320px the panel is ${box.width}px wide and nothing scrolls sideways`);

    // CORS from the browser: the allowed shop may call the API.
    const fromShop = await page.evaluate(async (origin) => {
      const response = await fetch(`${origin}/api/v1/search?q=router`);
      return { status: response.status, total: (await response.json()).total };
    }, kb.url);
    assert.equal(fromShop.status, 200);
    assert.ok(fromShop.total > 0);
    problems.push(...shopTab.problems);
    problems.push(...(await shopTab.cspViolations()).map((line) => `CSP violation on the shop: ${line}`));
    check('the shop page: no console errors or warnings, no exceptions, no CSP violations; its fetch of the API works');

    // Another site, not on kb's list: the browser refuses it the API, and the widget says so politely.
    const other = await watchedPage(context);
    await other.page.goto(`${elsewhere.origin}/`);
    const refused = await other.page.evaluate(async (origin) => {
      try {
        await fetch(`${origin}/api/v1/search?q=router`);
        return 'answered';
      } catch (error) {
        return error.name;
      }
    }, kb.url);
    assert.equal(refused, 'TypeError', 'a fetch from an origin kb does not allow fails');
    await other.page.getByRole('button', { name: 'సహాయం', exact: true }).click();
    await other.page.locator('section.panel p.status', { hasText: 'సహాయం లోడ్ కాలేదు' }).waitFor();
    assert.deepEqual(other.problems.filter((line) => line.startsWith('page error')), [], 'no exceptions');
    assert.ok(other.problems.some((line) => /CORS/.test(line)), 'Chromium reports the blocked call');
    check(`a site kb does not allow (${elsewhere.origin}): its fetch fails with TypeError; the widget shows ` +
          '"could not load" without throwing');

    // data-lang and data-limit override the page; reduced motion turns the panel's animation off.
    const latvian = await watchedPage(context);
    await latvian.page.emulateMedia({ reducedMotion: 'reduce' });
    await latvian.page.goto(`${shop.origin}/lv`);
    await latvian.page.getByRole('button', { name: 'Palīdzība', exact: true }).click();
    const latvianApi = await (await fetch(`${kb.url}/api/v1/products/${kProduct}/articles?lang=lv&limit=3`)).json();
    await latvian.page.locator('section.panel li a').first().waitFor();
    assert.equal(await latvian.page.locator('section.panel li a').count(), 3);
    assert.equal(await latvian.page.locator('section.panel li a').first().innerText(), latvianApi.articles[0].title);
    assert.equal(await latvian.page.locator('section.panel').evaluate((element) => getComputedStyle(element).animationName),
                 'none');
    assert.deepEqual(latvian.problems, []);
    check('data-lang="lv" data-limit="3" on a Telugu page: Latvian button, 3 articles from the Latvian API; ' +
          'no animation with prefers-reduced-motion');

    // A language tag that is no language code ("x-klingon", "i-default"): English labels, and the
    // product's articles still load (no lang sent, so the API does not refuse it).
    const privateLanguage = await watchedPage(context);
    await privateLanguage.page.goto(`${shop.origin}/private-language`);
    await privateLanguage.page.getByRole('button', { name: 'Help', exact: true }).click();
    await privateLanguage.page.locator('section.panel li a').first().waitFor();
    assert.equal(await privateLanguage.page.locator('section.panel li a').count(), 5);
    assert.match(await privateLanguage.page.locator('p.status').innerText(), /^5 articles found$/);
    assert.deepEqual(privateLanguage.problems, []);
    check('data-lang="x-klingon": English labels, the articles load and are announced ("5 articles found")');

    // Without data-product: one console warning and nothing added to the page.
    const bare = await watchedPage(context);
    await bare.page.goto(`${shop.origin}/no-product`);
    await bare.page.waitForLoadState('load');
    assert.equal(await bare.page.locator('.kb-help-widget').count(), 0);
    assert.equal(bare.problems.length, 1, bare.problems.join('\n'));
    assert.match(bare.problems[0], /^console warning: .*data-product/);
    check('without data-product: one console warning, no widget');

    const size = sizes();
    console.log(size.text);
    assert.ok(size.gzippedTotal < kMaxGzippedBytes, `the widget is ${size.gzippedTotal} B gzipped`);
    check(`size: under ${kMaxGzippedBytes} B gzipped together`);
  } finally {
    console.log('Checked:');
    for (const line of checks) console.log(`  ${line}`);
    console.log('Screenshots:');
    for (const file of screenshots) console.log(`  ${file}`);
    if (problems.length) console.log(`Problems (${problems.length}):`);
    for (const line of problems) console.log(`  ${line}`);
    await browser.close();
    await kb.stop();
    shop.server.close();
    elsewhere.server.close();
  }
  assert.deepEqual(problems, [], 'no console errors, exceptions, CSP violations or serious axe violations');
  console.log('widget browser tests passed');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
