// Drives the page kgrep wrote in headless Chromium and checks what it shows
// against the graph's JSON export, through the page's DOM and its read-only
// state (window.kgrepViewer), never through pixels.
//
//   node viewer_check.mjs --chromium /usr/bin/chromium --web web/ --work DIR --page G.html --graph G.json
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

import { launch, open, options } from './browser.mjs';

const settings = options();
const graph = JSON.parse(readFileSync(settings.graph, 'utf8'));
const nodeOf = new Map(graph.nodes.map((node) => [node.key, node]));
const typeOf = (key) => nodeOf.get(key).attributes.entity_type;
const fold = (text) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
const words = (text) => fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

let passed = 0;
let failed = 0;
async function check(name, body) {
  try {
    await body();
    passed += 1;
    console.log(`ok: ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAILED: ${name}\n  ${String(error.stack || error).replace(/\n/g, '\n  ')}`);
  }
}

const state = (page) => page.evaluate(() => JSON.parse(JSON.stringify(window.kgrepViewer)));
const text = (page, selector) => page.$eval(selector, (element) => element.textContent);

// A person whose surname is a word of no other node's name or alias, busiest first.
function personWithUniqueSurname() {
  const people = graph.nodes
    .filter((node) => node.attributes.entity_type === 'Person' && node.attributes.label.includes(' '))
    .sort((a, b) => b.attributes.size - a.attributes.size || (a.key < b.key ? -1 : 1));
  for (const person of people) {
    const surname = person.attributes.label.split(' ').pop();
    const clash = graph.nodes.some(
      (node) =>
        node.key !== person.key &&
        [node.attributes.label, ...node.attributes.aliases].some((name) =>
          words(name).some((word) => word.startsWith(fold(surname))),
        ),
    );
    if (!clash) return { person, surname };
  }
  throw new Error('the graph has no person with a surname of their own');
}

const browser = await launch(settings);
try {
  const { page, errors } = await open(browser, settings.page);
  await page.waitForFunction(() => window.kgrepViewer && window.kgrepViewer.layout?.settled, { timeout: 60000 });

  await check('the page draws every node and edge of the graph', async () => {
    const viewer = await state(page);
    assert.equal(viewer.webgl, true);
    assert.equal(viewer.nodeCount, graph.nodes.length);
    assert.equal(viewer.edgeCount, graph.edges.length);
    assert.equal(viewer.renderedNodeCount, graph.nodes.length);
    assert.equal(viewer.renderedEdgeCount, graph.edges.length);
  });

  await check('the title and header name the graph and its counts', async () => {
    const counts = `${graph.nodes.length} nodes, ${graph.edges.length} edges`;
    const name = basename(settings.page, '.html');
    assert.equal(await page.title(), `${name} (${counts}) · kgrep`);
    assert.equal(await text(page, 'h1'), name);
    assert.match(await text(page, '#counts'), new RegExp(`^${counts}`));
  });

  await check("'/' focuses the search box and a surname selects its person", async () => {
    const { person, surname } = personWithUniqueSurname();
    await page.click('#details');
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search');
    await page.keyboard.type(surname);
    await page.waitForSelector('#suggestions li');
    const first = await text(page, '#suggestions li');
    assert.ok(first.startsWith(person.attributes.label), `first suggestion: ${first}`);
    await page.keyboard.press('Enter');
    assert.deepEqual((await state(page)).selection, { kind: 'node', key: person.key });
    assert.equal((await text(page, '#details h2')).trim(), person.attributes.label);
    // The panel lists every fact of the person.
    const facts = graph.edges.filter((edge) => edge.source === person.key || edge.target === person.key);
    assert.equal(await page.$$eval('#details .fact', (items) => items.length), facts.length);
  });

  await check("clicking an edge shows its evidence sentence and documents", async () => {
    await page.click('#fit');
    await new Promise((resolve) => setTimeout(resolve, 800));
    const box = await page.$eval('#graph', (element) => {
      const { x, y, width, height } = element.getBoundingClientRect();
      return { x, y, width, height };
    });
    const positions = await page.evaluate(
      (keys) => Object.fromEntries(keys.map((key) => [key, window.kgrepViewer.viewportPosition(key)])),
      graph.nodes.map((node) => node.key),
    );
    // The edge whose middle lies farthest from every node and every other
    // edge's middle, so the click can only mean that edge (or its twin
    // between the same two nodes).
    const middle = (edge) => {
      const [a, b] = [positions[edge.source], positions[edge.target]];
      return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    };
    const distance = (p, q) => Math.hypot(p.x - q.x, p.y - q.y);
    let best = null;
    for (const edge of graph.edges.filter((candidate) => candidate.source !== candidate.target)) {
      const point = middle(edge);
      if (point.x < 20 || point.y < 20 || point.x > box.width - 20 || point.y > box.height - 20) continue;
      const others = graph.edges.filter((other) => other.source !== other.target && !samePair(other, edge));
      const clearance = Math.min(
        ...Object.values(positions).map((position) => distance(position, point)),
        ...others.map((other) => distance(middle(other), point)),
      );
      if (!best || clearance > best.clearance) best = { edge, point, clearance };
    }
    assert.ok(best && best.clearance > 12, `no edge stands clear enough to click (${best && best.clearance})`);
    await page.mouse.move(box.x + best.point.x, box.y + best.point.y);
    await page.mouse.click(box.x + best.point.x, box.y + best.point.y);
    const { selection } = await state(page);
    assert.equal(selection?.kind, 'edge', `clicked ${best.edge.key} at ${JSON.stringify(best.point)}`);
    const selected = graph.edges.find((edge) => edge.key === selection.key);
    assert.ok(samePair(selected, best.edge), `selected ${selection.key}, aimed at ${best.edge.key}`);
    assert.equal(await text(page, '#details .evidence'), selected.attributes.evidence);
    const meta = await text(page, '#details .fact .meta');
    for (const doc of selected.attributes.docs) assert.ok(meta.includes(doc), `${doc} missing from ${meta}`);
  });

  await check('hovering a node lights up it and its neighbours only', async () => {
    await page.keyboard.press('Escape');
    const hub = [...graph.nodes].sort((a, b) => b.attributes.size - a.attributes.size)[0];
    const box = await page.$eval('#graph', (element) => element.getBoundingClientRect().toJSON());
    const at = await page.evaluate((key) => window.kgrepViewer.viewportPosition(key), hub.key);
    await page.mouse.move(box.x + at.x, box.y + at.y);
    await page.waitForFunction((key) => window.kgrepViewer.hovered === key, { timeout: 5000 }, hub.key);
    const neighbours = new Set([hub.key]);
    for (const edge of graph.edges) {
      if (edge.source === hub.key) neighbours.add(edge.target);
      if (edge.target === hub.key) neighbours.add(edge.source);
    }
    assert.deepEqual((await state(page)).litNodes, [...neighbours].sort());
    await page.mouse.move(box.x + 2, box.y + 2);
    await page.waitForFunction(() => window.kgrepViewer.hovered === null, { timeout: 5000 });
    assert.equal((await state(page)).litNodes, null);
  });

  await check('unticking a relation hides its edges', async () => {
    const relation = 'competes_with';
    const count = graph.edges.filter((edge) => edge.attributes.relation === relation).length;
    assert.ok(count > 0);
    await page.click(`#relation-filters input[data-relation="${relation}"]`);
    assert.equal((await state(page)).renderedEdgeCount, graph.edges.length - count);
    await page.click(`#relation-filters input[data-relation="${relation}"]`);
    assert.equal((await state(page)).renderedEdgeCount, graph.edges.length);
  });

  await check('unticking an entity type hides its nodes and their edges', async () => {
    const type = 'Person';
    const people = graph.nodes.filter((node) => node.attributes.entity_type === type);
    assert.ok(people.length > 0);
    await page.click(`#type-filters input[data-type="${type}"]`);
    const viewer = await state(page);
    assert.deepEqual(viewer.filters.hiddenTypes, [type]);
    assert.equal(viewer.renderedNodeCount, graph.nodes.length - people.length);
    const kept = graph.edges.filter((edge) => typeOf(edge.source) !== type && typeOf(edge.target) !== type);
    assert.equal(viewer.renderedEdgeCount, kept.length);
    const shown = await page.evaluate(
      (keys) => keys.map((key) => window.kgrepViewer.viewportPosition(key) !== null),
      graph.nodes.map((node) => node.key),
    );
    graph.nodes.forEach((node, k) => assert.equal(shown[k], node.attributes.entity_type !== type, node.key));
    await page.click(`#type-filters input[data-type="${type}"]`);
    assert.equal((await state(page)).renderedNodeCount, graph.nodes.length);
  });

  await check('the date slider shows the edges first seen by its date', async () => {
    const dates = [...new Set(graph.edges.map((edge) => edge.attributes.first_seen).filter(Boolean))].sort();
    assert.ok(dates.length > 1);
    const stop = Math.floor(dates.length / 2);
    await page.$eval(
      '#date-slider',
      (slider, value) => {
        slider.value = String(value);
        slider.dispatchEvent(new Event('input'));
      },
      stop,
    );
    const viewer = await state(page);
    assert.equal(viewer.filters.asOf, dates[stop]);
    const dated = graph.edges.filter((edge) => edge.attributes.first_seen && edge.attributes.first_seen <= dates[stop]);
    assert.equal(viewer.renderedEdgeCount, dated.length);
    assert.equal(viewer.renderedNodeCount, new Set(dated.flatMap((edge) => [edge.source, edge.target])).size);
    assert.equal(await text(page, '#date-label'), `as of ${dates[stop]}`);
  });

  await check('the moves view lists every left and joined edge of the graph', async () => {
    await page.$eval('#date-slider', (slider) => {
      slider.value = slider.max;
      slider.dispatchEvent(new Event('input'));
    });
    await page.click('#moves-tab');
    await page.keyboard.press('Escape');
    assert.equal((await state(page)).selection, null);
    const moves = graph.edges.filter((edge) => ['left', 'joined'].includes(edge.attributes.relation));
    assert.ok(moves.length > 0);
    const people = new Set(moves.map((edge) => edge.source));
    const listed = await page.$$eval('#moves li', (items) => items.map((item) => item.dataset.person));
    assert.deepEqual(new Set(listed), people);
    assert.ok(listed.length <= moves.length && listed.length >= Math.ceil(moves.length / 2));
  });

  await check('the page reported no errors', async () => assert.deepEqual(errors, []));
} finally {
  await browser.close();
}

// Without WebGL the page says so and still searches.
const noWebgl = await launch(settings, ['--disable-webgl', '--disable-3d-apis']);
try {
  const { page, errors } = await open(noWebgl, settings.page);
  await page.waitForFunction(() => window.kgrepViewer, { timeout: 30000 });
  await check('without WebGL the page says so, and search and the panel still work', async () => {
    const viewer = await state(page);
    assert.equal(viewer.webgl, false);
    assert.match(await text(page, '.no-webgl'), /needs WebGL/);
    const { person, surname } = personWithUniqueSurname();
    await page.type('#search', surname);
    await page.keyboard.press('Enter');
    assert.deepEqual((await state(page)).selection, { kind: 'node', key: person.key });
    assert.deepEqual(errors, []);
  });
} finally {
  await noWebgl.close();
}

function samePair(a, b) {
  return (a.source === b.source && a.target === b.target) || (a.source === b.target && a.target === b.source);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
