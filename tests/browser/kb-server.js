// Starts the real kb-index and kb-serve on the sample articles, on a loopback port the server picks
// (read from its "listening on" line, as tests/process.cc does), each run in a fresh folder.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const sourceDir = path.resolve(__dirname, '../..');

// extraArgs: more kb-serve flags, e.g. ['--cors-origins', 'http://127.0.0.1:8080'].
function startServer(buildDir, extraArgs = []) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-browser-'));
  const index = path.join(work, 'index');
  const indexed = spawnSync(path.join(buildDir, 'indexer/kb-index'),
                            ['--articles', path.join(sourceDir, 'articles'), '--index', index], { encoding: 'utf8' });
  if (indexed.status !== 0) throw new Error(`kb-index failed: ${indexed.stderr}`);
  const server = spawn(path.join(buildDir, 'server/kb-serve'),
                       ['--index', index, '--templates', path.join(sourceDir, 'templates'), '--port', '0',
                        '--db', path.join(work, 'kb.sqlite'), ...extraArgs],
                       { stdio: ['ignore', 'pipe', 'inherit'] });
  // The folder is removed once kb-serve has exited: on SIGTERM it writes its last insights, and would
  // create the store (and its folder) again if it were already gone.
  const stop = () => new Promise((resolve) => {
    const remove = () => {
      fs.rmSync(work, { recursive: true, force: true });
      resolve();
    };
    if (server.exitCode !== null || server.signalCode !== null) return remove();
    server.once('exit', remove);
    server.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`kb-serve did not start: ${out}`)), 10000);
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (listening) {
        clearTimeout(timer);
        resolve({ url: listening[1], stop });
      }
    });
    server.on('exit', (code) => reject(new Error(`kb-serve exited with ${code}: ${out}`)));
  });
}

// Exit code ctest reads as "skipped" (SKIP_RETURN_CODE).
const kSkip = 77;

// The module, or a skip with a message when `npm ci` has not been run in tests/browser.
function requireOrSkip(name) {
  try {
    return require(name);
  } catch (error) {
    console.log(`SKIP: npm package ${name} is missing; run npm ci in tests/browser (scripts/setup does)`);
    process.exit(kSkip);
  }
}

// Debian's chromium for Playwright, and axe-core: what every page test needs, or a skip with a message.
// Returns { chromium, executablePath, accessibilityProblems }.
function browserOrSkip() {
  const executablePath = process.env.KB_CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    console.log(`SKIP: no chromium at ${executablePath}`);
    process.exit(kSkip);
  }
  const { chromium } = requireOrSkip('playwright-core');
  const axeSource = requireOrSkip('axe-core').source;
  // Serious and critical axe violations of the page as it is now, as printable lines (axe looks into
  // open shadow roots). runOptions: more axe.run options. evaluate() goes through the DevTools
  // protocol, so the page's CSP (no inline script) still holds.
  async function accessibilityProblems(page, runOptions = {}) {
    if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
    const results = await page.evaluate(
      (options) => window.axe.run(document, { resultTypes: ['violations'], ...options }), runOptions);
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes.length} ` +
           `elements, first: ${JSON.stringify(violation.nodes[0].target)})`);
  }
  return { chromium, executablePath, accessibilityProblems };
}

module.exports = { startServer, requireOrSkip, browserOrSkip, sourceDir, kSkip };
