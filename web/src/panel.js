// The side panel: what is known about the selected node or edge (aliases,
// attributes, every fact with its evidence sentence and documents), and the
// moves view. Entity names in it are buttons that select that entity.
import { element } from './dom.js';
import { movesFor } from './moves.js';

function entityButton(graph, key, onSelect) {
  const attributes = graph.getNodeAttributes(key);
  return element(
    'button',
    { type: 'button', class: 'entity', title: attributes.entity_type, onclick: () => onSelect({ kind: 'node', key }) },
    element('span', { class: 'swatch', style: `background:${attributes.color}` }),
    attributes.label,
  );
}

function dateRange(attributes) {
  const { first_seen: first, last_seen: last } = attributes;
  if (!first && !last) return 'undated';
  return first === last || !last ? first : `${first} to ${last}`;
}

function list(values) {
  return values && values.length ? values.join(', ') : 'none';
}

function fact(graph, edge, onSelect) {
  const attributes = graph.getEdgeAttributes(edge);
  const roles = attributes.role && attributes.role.length ? ` (${attributes.role.join(', ')})` : '';
  return element(
    'li',
    { class: 'fact', dataset: { edge } },
    element(
      'p',
      { class: 'statement' },
      entityButton(graph, graph.source(edge), onSelect),
      ' ',
      element(
        'button',
        { type: 'button', class: 'relation', onclick: () => onSelect({ kind: 'edge', key: edge }) },
        `${attributes.relation}${roles}`,
      ),
      ' ',
      entityButton(graph, graph.target(edge), onSelect),
    ),
    element('blockquote', { class: 'evidence' }, attributes.evidence || '(no sentence kept)'),
    element(
      'p',
      { class: 'meta' },
      `${dateRange(attributes)} · weight ${attributes.weight} · confidence ${Number(attributes.confidence.toFixed(2))}`,
      element('br'),
      `documents: ${list(attributes.docs)}`,
      element('br'),
      `rules: ${list(attributes.rules)}`,
    ),
  );
}

function definitions(pairs) {
  return element('dl', {}, pairs.flatMap(([term, value]) => [element('dt', {}, term), element('dd', {}, value)]));
}

function nodeDetails(graph, key, onSelect) {
  const attributes = graph.getNodeAttributes(key);
  const edges = [...graph.outEdges(key), ...graph.inEdges(key).filter((edge) => graph.source(edge) !== key)];
  return [
    element(
      'h2',
      {},
      element('span', { class: 'swatch', style: `background:${attributes.color}` }),
      attributes.label,
    ),
    definitions([
      ['type', attributes.entity_type],
      ['id', key],
      ['aliases', list(attributes.aliases)],
      ['mentions', String(attributes.mentions)],
      ['discovered', attributes.discovered ? 'yes (found by a pattern)' : 'no (listed in the rules)'],
      ...Object.entries(attributes.properties || {}),
    ]),
    element('h3', {}, `Facts (${edges.length})`),
    element('ol', { class: 'facts' }, edges.map((edge) => fact(graph, edge, onSelect))),
  ];
}

function edgeDetails(graph, key, onSelect) {
  const attributes = graph.getEdgeAttributes(key);
  return [
    element(
      'h2',
      {},
      graph.getNodeAttribute(graph.source(key), 'label'),
      ` ${attributes.relation} `,
      graph.getNodeAttribute(graph.target(key), 'label'),
    ),
    element('ol', { class: 'facts' }, fact(graph, key, onSelect)),
  ];
}

export function showDetails(container, graph, selection, onSelect) {
  if (!selection) {
    container.replaceChildren(
      element('p', { class: 'hint' }, 'Click a node or an edge to read what the articles say about it.'),
    );
    return;
  }
  container.replaceChildren(
    ...(selection.kind === 'node'
      ? nodeDetails(graph, selection.key, onSelect)
      : edgeDetails(graph, selection.key, onSelect)),
  );
}

export function showMoves(container, graph, moves, selection, onSelect) {
  const shown = movesFor(graph, moves, selection);
  const place = (key) => (key ? entityButton(graph, key, onSelect) : element('span', { class: 'unknown' }, '?'));
  container.replaceChildren(
    element('h2', {}, selection ? 'Moves of the selection' : 'All moves'),
    shown.length
      ? element(
          'ol',
          { class: 'moves' },
          shown.map((move) =>
            element(
              'li',
              { dataset: { person: move.person } },
              element('span', { class: 'date' }, move.date || 'undated'),
              ' ',
              entityButton(graph, move.person, onSelect),
              ': ',
              place(move.from),
              ' → ',
              place(move.to),
            ),
          ),
        )
      : element('p', { class: 'hint' }, 'No left or joined edges here.'),
  );
}
