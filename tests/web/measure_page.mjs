// Opens a page kgrep wrote in headless Chromium, waits until its layout has
// settled, and prints how long loading and settling took (and the file's
// size, and the CPU time Chromium spent); with --screenshot, saves a picture of the settled page, after
// selecting the first match of --search and opening the panel's --tab
// (details or moves) if given.
//
//   node measure_page.mjs --web web/ --work DIR --page G.html [--screenshot G.png] [--search NAME] [--tab moves]
//        [--timeout 60]
import { readdirSync, readFileSync, statSync } from 'node:fs';

import { launch, open, options } from './browser.mjs';

const settings = options({
  screenshot: { type: 'string' },
  search: { type: 'string' },
  tab: { type: 'string' },
  timeout: { type: 'string', default: '60' },
});
// CPU seconds (user + system) spent so far by the process `root` and all its
// descendants, from /proc: wall-clock time on a shared machine says more about
// the neighbours than about the page. Null where there is no /proc.
function cpuSecondsOfTree(root) {
  const stats = new Map();
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^[0-9]+$/.test(entry)) continue;
      try {
        // Fields after the command name, which sits in parentheses and may hold spaces.
        const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
        stats.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
      } catch {
        // the process ended while we looked
      }
    }
  } catch {
    return null;
  }
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, { parent }] of stats) {
      if (!tree.has(pid) && tree.has(parent)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  const ticksPerSecond = 100; // USER_HZ on Linux
  let ticks = 0;
  for (const pid of tree) ticks += stats.get(pid)?.ticks ?? 0;
  return ticks / ticksPerSecond;
}

const browser = await launch(settings);
const browserPid = browser.process()?.pid;
const cpuAtStart = cpuSecondsOfTree(browserPid);
try {
  const { page, errors, navigationStartedAt: started } = await open(browser, settings.page);
  const loaded = Date.now();
  await page.waitForFunction(() => window.kgrepViewer?.layout?.settled, {
    timeout: Number(settings.timeout) * 1000,
    polling: 50,
  });
  const settled = Date.now();
  const cpuAtSettle = cpuSecondsOfTree(browserPid);
  const viewer = await page.evaluate(() => JSON.parse(JSON.stringify(window.kgrepViewer)));
  console.log(
    JSON.stringify({
      file: settings.page,
      bytes: statSync(settings.page).size,
      nodes: viewer.nodeCount,
      edges: viewer.edgeCount,
      loadMs: loaded - started,
      loadAndSettleMs: settled - started,
      // Chromium's CPU (every process) from navigation to a settled layout.
      browserCpuSeconds: cpuAtSettle === null ? null : Number((cpuAtSettle - cpuAtStart).toFixed(2)),
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
