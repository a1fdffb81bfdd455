// The graph kgrep embedded in the page: read it, give every node a starting
// position, and derive what the controls list (types, relations, dates).
import Graph from 'graphology';

export function readEmbeddedData(scriptId) {
  const script = document.getElementById(scriptId);
  if (!script) throw new Error(`the page holds no #${scriptId} data`);
  return JSON.parse(script.textContent);
}

// FNV-1a: a node's starting position depends on its id only, so the same
// graph opens looking the same.
function hash32(text, seed) {
  let value = 2166136261 ^ seed;
  for (let k = 0; k < text.length; k += 1) {
    value ^= text.charCodeAt(k);
    value = Math.imul(value, 16777619);
  }
  return (value >>> 0) / 4294967296;
}

export function buildGraph(data) {
  const graph = new Graph({ type: 'directed', multi: true, allowSelfLoops: true });
  graph.import(data.graph);
  const spread = 10 * Math.sqrt(Math.max(1, graph.order));
  const properties = data.node_properties || {};
  // Sizes are screen pixels: thousands of nodes at full size would hide each other.
  const shrink = Math.max(0.4, Math.min(1, Math.sqrt(500 / Math.max(1, graph.order))));
  graph.updateEachNodeAttributes((key, attributes) => ({
    ...attributes,
    size: attributes.size * shrink,
    x: (hash32(key, 1) - 0.5) * spread,
    y: (hash32(key, 2) - 0.5) * spread,
    properties: properties[key] || {},
  }));
  return graph;
}

function countBy(items) {
  const counts = new Map();
  for (const item of items) counts.set(item, (counts.get(item) || 0) + 1);
  return [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

// Entity types with their colour and count, for the legend and the filter.
export function entityTypes(graph) {
  const colours = new Map();
  graph.forEachNode((_, attributes) => colours.set(attributes.entity_type, attributes.color));
  return countBy(graph.mapNodes((_, attributes) => attributes.entity_type)).map(([type, count]) => ({
    type,
    count,
    color: colours.get(type),
  }));
}

export function relations(graph) {
  return countBy(graph.mapEdges((_, attributes) => attributes.relation)).map(([relation, count]) => ({
    relation,
    count,
  }));
}

// Every distinct first_seen date, sorted: the stops of the date slider.
export function edgeDates(graph) {
  const dates = new Set();
  graph.forEachEdge((_, attributes) => {
    if (attributes.first_seen) dates.add(attributes.first_seen);
  });
  return [...dates].sort();
}
