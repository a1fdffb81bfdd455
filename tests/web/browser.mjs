// Launches Debian's Chromium through puppeteer-core (which downloads no
// browser) the same way for every page test: headless, no GPU, no network
// chatter, and a fresh profile in the test's work folder.
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export function options(extra = {}) {
  const { values } = parseArgs({
    options: {
      chromium: { type: 'string', default: '/usr/bin/chromium' },
      web: { type: 'string' },
      work: { type: 'string', default: '/tmp' },
      page: { type: 'string' },
      graph: { type: 'string' },
      ...extra,
    },
  });
  for (const name of ['web', 'page']) {
    if (!values[name]) throw new Error(`--${name} is required`);
  }
  return values;
}

export async function launch({ chromium, web, work }, extraArgs = []) {
  // puppeteer-core lives in web/node_modules (a devDependency of the viewer).
  const puppeteer = createRequire(resolve(web, 'package.json'))('puppeteer-core');
  return puppeteer.launch({
    executablePath: chromium,
    headless: true,
    userDataDir: mkdtempSync(join(resolve(work), 'chromium-profile-')),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

// Opens `file` and collects the page's uncaught errors and console errors.
export async function open(browser, file, { width = 1400, height = 900 } = {}) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
  });
  await page.setViewport({ width, height });
  const navigationStartedAt = Date.now();
  await page.goto(`file://${resolve(file)}`, { waitUntil: 'load' });
  return { page, errors, navigationStartedAt };
}
