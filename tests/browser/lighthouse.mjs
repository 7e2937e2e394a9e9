// Lighthouse (accessibility, SEO, best practices) on the results and article pages of the real
// kb-serve, in Debian's chromium. Prints the scores; exits 1 when one is under 95, 77 (skipped)
// without chromium or the npm packages. Usage: node lighthouse.mjs BUILD_DIR (scripts/lighthouse).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { startServer, kSkip } = require('./kb-server.js');

const kChromium = process.env.KB_CHROMIUM || '/usr/bin/chromium';
const kCategories = ['accessibility', 'seo', 'best-practices'];
const kMinimum = 95;

if (!fs.existsSync(kChromium)) {
  console.log(`SKIP: no chromium at ${kChromium}`);
  process.exit(kSkip);
}
let lighthouse;
let chromeLauncher;
try {
  lighthouse = (await import('lighthouse')).default;
  chromeLauncher = await import('chrome-launcher');
} catch {
  console.log('SKIP: lighthouse is missing; run npm ci in tests/browser (scripts/setup does)');
  process.exit(kSkip);
}

const buildDir = path.resolve(process.argv[2] || new URL('../../build', import.meta.url).pathname);
const server = await startServer(buildDir);
const chrome = await chromeLauncher.launch({ chromePath: kChromium, chromeFlags: ['--headless=new', '--no-sandbox'] });
const pages = {
  results: `${server.url}/search?q=reset+router&lang=en`,
  article: `${server.url}/en/articles/reset-router`,
  'article (te)': `${server.url}/te/articles/reset-router`,
};
let failed = false;
try {
  for (const [name, url] of Object.entries(pages)) {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error',
                                           onlyCategories: kCategories });
    const { categories, audits } = result.lhr;
    const scores = kCategories.map((id) => [categories[id].title, Math.round(categories[id].score * 100)]);
    console.log(`${name}: ${scores.map(([title, score]) => `${title} ${score}`).join(', ')}`);
    for (const id of kCategories) {
      for (const ref of categories[id].auditRefs) {
        const audit = audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) console.log(`  failed: ${audit.title}`);
      }
    }
    if (scores.some(([, score]) => score < kMinimum)) failed = true;
  }
} finally {
  await chrome.kill();
  server.stop();
}
if (failed) {
  console.log(`a score is under ${kMinimum}`);
  process.exit(1);
}
