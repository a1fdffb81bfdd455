// ForceAtlas2 in a web worker (src/layout_worker.js, bundled apart by
// build.mjs and started from a blob, so the page stays one file). The worker
// iterates on its own and posts positions a few times a second; the drawn
// graph takes them, and `state` says how far the layout got.
import forceAtlas2 from 'graphology-layout-forceatlas2';
import defaults from 'graphology-layout-forceatlas2/defaults.js';
import helpers from 'graphology-layout-forceatlas2/helpers.js';

/* global KGREP_LAYOUT_WORKER */ // the worker's bundled source, defined by build.mjs

export class Layout {
  constructor(graph, onChange) {
    this.graph = graph;
    this.onChange = onChange;
    // Barnes-Hut (used above 2,000 nodes) with theta 1.5, not 0.5: a third of
    // the work per iteration on a 5,000-node graph (Gephi's default is 1.2),
    // for an overview no one can tell apart.
    this.settings = { ...defaults, ...forceAtlas2.inferSettings(graph), barnesHutTheta: 1.5 };
    this.state = { running: false, settled: false, iterations: 0, settledAfterMs: null };
    this.startedAt = 0;
    this.drawnAt = 0;
    this.redrawMs = graph.order > 2000 ? 1000 : 0;
    this.worker = null;
  }

  spawn() {
    const url = URL.createObjectURL(new Blob([KGREP_LAYOUT_WORKER], { type: 'text/javascript' }));
    this.worker = new Worker(url);
    URL.revokeObjectURL(url);
    this.worker.addEventListener('message', ({ data }) => this.receive(data));
  }

  start() {
    if (!this.startedAt) this.startedAt = performance.now();
    if (this.graph.order === 0) {
      this.settle();
      return;
    }
    if (!this.worker) this.spawn();
    const matrices = helpers.graphToByteArrays(this.graph, (_, attributes) => attributes.weight || 1);
    this.state.running = true;
    this.state.settled = false;
    this.worker.postMessage(
      { command: 'start', nodes: matrices.nodes.buffer, edges: matrices.edges.buffer, settings: this.settings },
      [matrices.nodes.buffer, matrices.edges.buffer],
    );
    this.onChange(this.state);
  }

  stop() {
    if (this.worker) this.worker.postMessage({ command: 'stop' });
    this.state.running = false;
    this.onChange(this.state);
  }

  // Positions are drawn at most every redrawMs (longer for a big graph, whose
  // every frame costs the page's thread a lot without a GPU), and always the
  // last ones.
  receive({ nodes, iterations, settled }) {
    if (!this.state.running) return;
    this.state.iterations = iterations;
    const now = performance.now();
    if (settled || now - this.drawnAt >= this.redrawMs) {
      this.drawnAt = now;
      helpers.assignLayoutChanges(this.graph, new Float32Array(nodes), null);
    }
    if (settled) this.settle();
  }

  settle() {
    this.state.running = false;
    this.state.settled = true;
    this.state.settledAfterMs = Math.round(performance.now() - this.startedAt);
    this.onChange(this.state);
  }
}
