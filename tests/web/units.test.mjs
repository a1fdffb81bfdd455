// The viewer's pure parts, run by node's test runner (no browser): search
// ranking, date filtering, and how left/joined edges pair into moves.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { createFilters, edgePasses } from '../../web/src/filters.js';
import { allMoves, movesFor } from '../../web/src/moves.js';
import { buildIndex, findNodes, fold } from '../../web/src/search.js';

const Graph = createRequire(new URL('../../web/package.json', import.meta.url))('graphology');

function graphOf(nodes, edges) {
  const graph = new Graph({ type: 'directed', multi: true });
  for (const [key, label, aliases = []] of nodes) graph.addNode(key, { label, aliases, entity_type: 'Person' });
  edges.forEach(([source, relation, target, first_seen = '', docs = []], k) =>
    graph.addEdgeWithKey(`e${k}`, source, target, { relation, first_seen, docs }),
  );
  return graph;
}

test('folding drops case and accents', () => {
  assert.equal(fold('Tülu Ångström ÉCOLE'), 'tulu angstrom ecole');
});

test('search ranks whole names, then name starts, then word starts, then anywhere; busier first', () => {
  const graph = graphOf(
    [
      ['murati', 'Mira Murati', ['Ermira Murati']],
      ['muratov', 'Dmitry Muratov'],
      ['murat', 'Murat'],
      ['lab', 'Emurat Lab'],
      ['other', 'Someone'],
    ],
    [['murati', 'joined', 'other']],
  );
  const index = buildIndex(graph);
  assert.deepEqual(
    findNodes(graph, index, 'MURAT').map((match) => match.key),
    ['murat', 'murati', 'muratov', 'lab'],
  );
  assert.deepEqual(
    findNodes(graph, index, 'ermira').map((match) => [match.key, match.name]),
    [['murati', 'Ermira Murati']],
  );
  assert.deepEqual(findNodes(graph, index, '  '), []);
});

test('the date slider keeps edges first seen on or before its date, and no undated ones', () => {
  const filters = createFilters();
  const edge = (first_seen, relation = 'joined') => ({ first_seen, relation });
  assert.ok(edgePasses(filters, edge('')));
  filters.asOf = '2026-02-01';
  assert.ok(edgePasses(filters, edge('2026-02-01')));
  assert.ok(edgePasses(filters, edge('2025-12')));
  assert.ok(!edgePasses(filters, edge('2026-02-02')));
  assert.ok(!edgePasses(filters, edge('')));
  filters.hiddenRelations.add('joined');
  assert.ok(!edgePasses(filters, edge('2025-01-01')));
});

test('a left and a joined sharing a document or a date are one move; the rest stand alone', () => {
  const graph = graphOf(
    [
      ['ada', 'Ada'],
      ['bo', 'Bo'],
      ['a', 'A Corp'],
      ['b', 'B Corp'],
      ['c', 'C Corp'],
    ],
    [
      ['ada', 'left', 'a', '2026-03-01', ['d1']],
      ['ada', 'joined', 'c', '2026-05-01', ['d9']],
      ['ada', 'joined', 'b', '2026-03-02', ['d1']],
      ['bo', 'joined', 'a', '2025-01-01', ['d2']],
      ['bo', 'works_at', 'c', '2024-01-01', ['d3']],
    ],
  );
  const moves = allMoves(graph).map(({ person, from, to, date }) => ({ person, from, to, date }));
  assert.deepEqual(moves, [
    { person: 'bo', from: null, to: 'a', date: '2025-01-01' },
    { person: 'ada', from: 'a', to: 'b', date: '2026-03-01' },
    { person: 'ada', from: null, to: 'c', date: '2026-05-01' },
  ]);
  const ofC = movesFor(graph, allMoves(graph), { kind: 'node', key: 'c' });
  assert.deepEqual(
    ofC.map((move) => move.to),
    ['c'],
  );
  assert.equal(movesFor(graph, allMoves(graph), null).length, 3);
});
