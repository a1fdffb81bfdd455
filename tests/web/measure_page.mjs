// Opens a page kgrep wrote in headless Chromium, waits until its layout has
// settled, and prints how long loading and settling took (and the file's
// size); with --screenshot, saves a picture of the settled page, after
// selecting the first match of --search and opening the panel's --tab
// (details or moves) if given.
//
//   node measure_page.mjs --web web/ --work DIR --page G.html [--screenshot G.png] [--search NAME] [--tab moves]
//        [--timeout 60]
import { statSync } from 'node:fs';

import { launch, open, options } from './browser.mjs';

const settings = options({
  screenshot: { type: 'string' },
  search: { type: 'string' },
  tab: { type: 'string' },
  timeout: { type: 'string', default: '60' },
});
const browser = await launch(settings);
try {
  const { page, errors, navigationStartedAt: started } = await open(browser, settings.page);
  const loaded = Date.now();
  await page.waitForFunction(() => window.kgrepViewer?.layout?.settled, {
    timeout: Number(settings.timeout) * 1000,
    polling: 50,
  });
  const settled = Date.now();
  const viewer = await page.evaluate(() => JSON.parse(JSON.stringify(window.kgrepViewer)));
  console.log(
    JSON.stringify({
      file: settings.page,
      bytes: statSync(settings.page).size,
      nodes: viewer.nodeCount,
      edges: viewer.edgeCount,
      loadMs: loaded - started,
      loadAndSettleMs: settled - started,
      layoutIterations: viewer.layout.iterations,
      layoutMsInPage: viewer.layout.settledAfterMs,
      pageTimingsMs: viewer.timings,
      errors,
    }),
  );
  if (settings.search) {
    await page.type('#search', settings.search);
    await page.keyboard.press('Enter');
    await page.click('#fit');
  }
  if (settings.tab) await page.click(`#${settings.tab}-tab`);
  await page.mouse.move(0, 0);
  if (settings.screenshot) {
    await new Promise((resolve) => setTimeout(resolve, 800));
    await page.screenshot({ path: settings.screenshot });
  }
  if (errors.length) process.exitCode = 1;
} finally {
  await browser.close();
}
