// The page kgrep writes for `-o OUT.html`: reads the graph embedded in the
// page, draws it with sigma.js (WebGL), lays it out with ForceAtlas2 in a web
// worker, and wires the search box, filters, date slider and side panel.
// window.kgrepViewer exposes a read-only view of the page's state for tests
// and for anyone poking at the page from the console.
import Sigma from 'sigma';

import { byId, element } from './dom.js';
import { edgePasses, createFilters, setUpFilters } from './filters.js';
import { buildGraph, edgeDates, entityTypes, readEmbeddedData, relations } from './graph_data.js';
import { Layout } from './layout.js';
import { allMoves } from './moves.js';
import { showDetails, showMoves } from './panel.js';
import { setUpSearch } from './search.js';

const kFaded = '#e4e4e4';
const kSelectedEdge = '#d62728';
const kEdgeClickTolerancePx = 5;

function webglAvailable() {
  try {
    const canvas = document.createElement('canvas');
    return Boolean(canvas.getContext('webgl2') || canvas.getContext('webgl'));
  } catch {
    return false;
  }
}

function createRenderer(graph, container, filters, view) {
  const focusOf = () => view.hovered || (view.selection && view.selection.kind === 'node' ? view.selection.key : null);
  const nodeReducer = (key, attributes) => {
    const shown = { ...attributes };
    if (filters.hiddenTypes.has(attributes.entity_type) || (view.datedNodes && !view.datedNodes.has(key))) {
      shown.hidden = true;
      return shown;
    }
    const focus = focusOf();
    if (focus && key !== focus && !view.neighbours.has(key)) {
      shown.color = kFaded;
      shown.label = '';
      shown.zIndex = 0;
    } else if (focus) {
      shown.zIndex = 1;
      shown.forceLabel = true;
    }
    if (view.selection && view.selection.kind === 'node' && view.selection.key === key) shown.highlighted = true;
    return shown;
  };
  const edgeReducer = (key, attributes) => {
    const shown = { ...attributes, label: null };
    if (!edgePasses(filters, attributes)) {
      shown.hidden = true;
      return shown;
    }
    const focus = focusOf();
    const selected = view.selection && view.selection.kind === 'edge' && view.selection.key === key;
    if (selected) {
      Object.assign(shown, { color: kSelectedEdge, size: attributes.size * 2, label: attributes.relation, zIndex: 2 });
      shown.forceLabel = true;
    } else if (focus) {
      const touches = graph.source(key) === focus || graph.target(key) === focus;
      if (touches) Object.assign(shown, { color: '#555', label: attributes.relation, zIndex: 1 });
      else Object.assign(shown, { color: '#f0f0f0', zIndex: 0 });
    }
    return shown;
  };
  return new Sigma(graph, container, {
    // Arrowheads tell direction in a small graph and are noise in a big one.
    defaultEdgeType: graph.size <= 2000 ? 'arrow' : 'line',
    defaultEdgeColor: '#b8b8b8',
    renderEdgeLabels: true,
    enableEdgeEvents: true,
    // A small graph can afford every label; a big one labels its hubs.
    labelRenderedSizeThreshold: graph.order <= 300 ? 0 : 7,
    zIndex: true,
    nodeReducer,
    edgeReducer,
  });
}

// Nodes that have at least one edge shown as of the slider's date; null when
// the slider shows every date (then no node is hidden for lack of edges).
function datedNodes(graph, filters) {
  if (filters.asOf === null) return null;
  const nodes = new Set();
  graph.forEachEdge((_, attributes, source, target) => {
    if (edgePasses(filters, attributes)) {
      nodes.add(source);
      nodes.add(target);
    }
  });
  return nodes;
}

function distanceToSegment(point, a, b) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = dx * dx + dy * dy;
  const t = length ? Math.max(0, Math.min(1, ((point.x - a.x) * dx + (point.y - a.y) * dy) / length)) : 0;
  return Math.hypot(point.x - (a.x + t * dx), point.y - (a.y + t * dy));
}

// The drawn edge nearest to `point` (viewport pixels), if within `tolerance`.
function nearestEdge(graph, renderer, point, tolerance) {
  const position = (key) => {
    const data = renderer.getNodeDisplayData(key);
    return data && !data.hidden ? renderer.framedGraphToViewport(data) : null;
  };
  let best = null;
  let bestDistance = tolerance;
  graph.forEachEdge((key, _, source, target) => {
    const data = renderer.getEdgeDisplayData(key);
    if (!data || data.hidden) return;
    const [a, b] = [position(source), position(target)];
    if (!a || !b) return;
    const distance = distanceToSegment(point, a, b);
    if (distance <= bestDistance) {
      best = key;
      bestDistance = distance;
    }
  });
  return best;
}

function renderedCounts(graph, renderer) {
  if (!renderer) return { nodes: 0, edges: 0 };
  const hidden = (key) => {
    const data = renderer.getNodeDisplayData(key);
    return !data || data.hidden;
  };
  const nodes = graph.filterNodes((key) => !hidden(key)).length;
  const edges = graph.filterEdges((key, _, source, target) => {
    const data = renderer.getEdgeDisplayData(key);
    return data && !data.hidden && !hidden(source) && !hidden(target);
  }).length;
  return { nodes, edges };
}

function setUpTabs(onSwitch) {
  const tabs = [...document.querySelectorAll('#panel [role="tab"]')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => {
      for (const other of tabs) {
        const chosen = other === tab;
        other.setAttribute('aria-selected', String(chosen));
        byId(other.getAttribute('aria-controls')).hidden = !chosen;
      }
      onSwitch();
    });
  }
}

function start() {
  // Milliseconds since the page began loading at each step of opening it.
  const timings = { scriptStarted: Math.round(performance.now()) };
  const data = readEmbeddedData('kgrep-data');
  const graph = buildGraph(data);
  timings.graphRead = Math.round(performance.now());
  const filters = createFilters();
  const view = { selection: null, hovered: null, neighbours: new Set(), datedNodes: null };
  const moves = allMoves(graph);
  const webgl = webglAvailable();
  const container = byId('graph');
  let renderer = null;
  let layout = null;

  const status = byId('shown');
  const refresh = () => {
    view.datedNodes = datedNodes(graph, filters);
    const focus = view.hovered || (view.selection && view.selection.kind === 'node' ? view.selection.key : null);
    view.neighbours = focus ? new Set(graph.neighbors(focus)) : new Set();
    if (renderer) renderer.refresh({ skipIndexation: true });
    const counts = renderedCounts(graph, renderer);
    status.textContent = renderer ? `showing ${counts.nodes} of ${graph.order} nodes, ${counts.edges} of ${graph.size} edges` : '';
  };

  const select = (selection, { zoom = false } = {}) => {
    view.selection = selection;
    const onSelect = (next) => select(next, { zoom: next.kind === 'node' });
    showDetails(byId('details'), graph, selection, onSelect);
    // The moves of a big graph are thousands of rows: built when looked at.
    if (!byId('moves').hidden) showMoves(byId('moves'), graph, moves, selection, onSelect);
    refresh();
    if (zoom && renderer && selection && selection.kind === 'node') {
      const position = renderer.getNodeDisplayData(selection.key);
      if (position) renderer.getCamera().animate({ x: position.x, y: position.y, ratio: 0.5 }, { duration: 400 });
    }
  };

  setUpTabs(() => select(view.selection));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.defaultPrevented) select(null);
  });
  setUpFilters({
    filters,
    types: entityTypes(graph),
    relations: relations(graph),
    dates: edgeDates(graph),
    elements: {
      types: byId('type-filters'),
      relations: byId('relation-filters'),
      dateSlider: byId('date-slider'),
      dateLabel: byId('date-label'),
    },
    onChange: refresh,
  });
  setUpSearch({
    graph,
    input: byId('search'),
    list: byId('suggestions'),
    onPick: (key) => select({ kind: 'node', key }, { zoom: true }),
  });

  if (webgl) {
    // The layout starts first, so the worker computes while the page sets up
    // the drawing.
    const toggle = byId('layout-toggle');
    const layoutStatus = byId('layout-status');
    const showLayout = (state) => {
      // Picking edges under the mouse draws every edge a second time: not while
      // the layout moves a big graph.
      if (renderer && graph.size > 2000) renderer.setSetting('enableEdgeEvents', !state.running);
      toggle.textContent = state.running ? 'Pause layout' : 'Run layout';
      layoutStatus.textContent = state.running
        ? 'laying out…'
        : state.settled
          ? `settled after ${state.iterations} iterations (${(state.settledAfterMs / 1000).toFixed(1)} s)`
          : 'paused';
    };
    layout = new Layout(graph, showLayout);
    layout.start();
    toggle.addEventListener('click', () => (layout.state.running ? layout.stop() : layout.start()));

    renderer = createRenderer(graph, container, filters, view);
    showLayout(layout.state);
    const hover = (key) => {
      view.hovered = key;
      refresh();
    };
    renderer.on('enterNode', ({ node }) => hover(node));
    renderer.on('leaveNode', () => hover(null));
    renderer.on('clickNode', ({ node }) => select({ kind: 'node', key: node }));
    renderer.on('clickEdge', ({ edge }) => select({ kind: 'edge', key: edge }));
    // Sigma picks edges in a half-resolution buffer, where a thin edge can fall
    // between pixels: a click on the empty stage takes the nearest edge drawn
    // within a few pixels.
    renderer.on('clickStage', ({ event }) => {
      const edge = nearestEdge(graph, renderer, event, kEdgeClickTolerancePx);
      select(edge ? { kind: 'edge', key: edge } : null);
    });
    renderer.on('enterEdge', () => container.classList.add('pointing'));
    renderer.on('leaveEdge', () => container.classList.remove('pointing'));
    byId('fit').addEventListener('click', () => renderer.getCamera().animatedReset({ duration: 300 }));
    timings.firstDrawn = Math.round(performance.now());
  } else {
    container.replaceChildren(
      element(
        'p',
        { class: 'no-webgl', role: 'alert' },
        'This browser cannot draw the graph: the page needs WebGL, which is turned off or not supported here. ',
        'Search, the filters and the side panel still work; open the page in a browser with WebGL to see the drawing.',
      ),
    );
    for (const id of ['layout-toggle', 'fit']) byId(id).disabled = true;
  }
  select(null);
  timings.ready = Math.round(performance.now());

  window.kgrepViewer = Object.freeze({
    get webgl() {
      return Boolean(renderer);
    },
    get nodeCount() {
      return graph.order;
    },
    get edgeCount() {
      return graph.size;
    },
    get renderedNodeCount() {
      return renderedCounts(graph, renderer).nodes;
    },
    get renderedEdgeCount() {
      return renderedCounts(graph, renderer).edges;
    },
    get selection() {
      return view.selection && { ...view.selection };
    },
    get hovered() {
      return view.hovered;
    },
    // Nodes drawn in full colour: all of them, or the hovered (else selected)
    // node and its neighbours.
    get litNodes() {
      const focus = view.hovered || (view.selection && view.selection.kind === 'node' ? view.selection.key : null);
      return focus ? [focus, ...view.neighbours].sort() : null;
    },
    get timings() {
      return { ...timings };
    },
    get layout() {
      return layout ? { ...layout.state } : null;
    },
    get filters() {
      return { hiddenTypes: [...filters.hiddenTypes], hiddenRelations: [...filters.hiddenRelations], asOf: filters.asOf };
    },
    // Where a node is drawn, in CSS pixels from the top left of the graph's
    // container, so a test can point at it (null when hidden or not drawn).
    viewportPosition(key) {
      const data = renderer && renderer.getNodeDisplayData(key);
      if (!data || data.hidden) return null;
      const { x, y } = renderer.framedGraphToViewport(data);
      return { x, y };
    },
  });
}

try {
  start();
} catch (error) {
  const target = byId('graph') || document.body;
  target.replaceChildren(element('p', { class: 'no-webgl', role: 'alert' }, `The graph could not be shown: ${error.message}`));
  throw error;
}
