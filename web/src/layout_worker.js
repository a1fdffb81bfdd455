// The web worker that runs ForceAtlas2 (graphology-layout-forceatlas2's own
// iteration) without waiting for the page: it iterates in slices of about
// kSliceMs, posts the node matrix after each slice, and stops by itself once
// the layout has settled, so a slow renderer on the page cannot slow it down.
// Settled: the nodes' mean step, relative to the drawing's extent, stayed
// below kCalmStep for kCalmIterations iterations in a row (or kMaxIterations
// were run, so a graph that keeps trembling still comes to rest).
import iterate from 'graphology-layout-forceatlas2/iterate.js';

const kSliceMs = 120;
const kCalmStep = 0.001;
const kCalmIterations = 10;
const kMaxIterations = 2000;
const kFieldsPerNode = 10; // x, y first: the layout of graphology-layout-forceatlas2's matrices

let nodes = null;
let edges = null;
let settings = null;
let running = false;
let iterations = 0;
let calm = 0;

function step() {
  const order = nodes.length / kFieldsPerNode;
  const before = new Float32Array(order * 2);
  for (let i = 0; i < order; i += 1) {
    before[2 * i] = nodes[i * kFieldsPerNode];
    before[2 * i + 1] = nodes[i * kFieldsPerNode + 1];
  }
  iterate(settings, nodes, edges);
  iterations += 1;
  let moved = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < order; i += 1) {
    const x = nodes[i * kFieldsPerNode];
    const y = nodes[i * kFieldsPerNode + 1];
    moved += Math.hypot(x - before[2 * i], y - before[2 * i + 1]);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const extent = Math.hypot(maxX - minX, maxY - minY) || 1;
  calm = moved / order / extent < kCalmStep ? calm + 1 : 0;
  return calm >= kCalmIterations || iterations >= kMaxIterations;
}

function slice() {
  if (!running) return;
  const began = performance.now();
  let settled = false;
  while (!settled && performance.now() - began < kSliceMs) settled = step();
  if (settled) running = false;
  const copy = nodes.slice();
  self.postMessage({ nodes: copy.buffer, iterations, settled }, [copy.buffer]);
  if (running) setTimeout(slice, 0);
}

self.addEventListener('message', ({ data }) => {
  if (data.command === 'start') {
    nodes = new Float32Array(data.nodes);
    edges = new Float32Array(data.edges);
    settings = data.settings;
    iterations = 0;
    calm = 0;
    running = true;
    slice();
  } else if (data.command === 'stop') {
    running = false;
  }
});
