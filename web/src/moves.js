// Who moved where: a person's `left` and `joined` edges paired into moves.
// A `left A` and a `joined B` that share a document or a first date are one
// move, A to B; the rest stand alone (a departure with no known destination,
// an arrival with no known origin).
function sharesDocOrDate(left, joined) {
  if (left.first_seen && left.first_seen === joined.first_seen) return true;
  return (left.docs || []).some((doc) => (joined.docs || []).includes(doc));
}

export function allMoves(graph) {
  const byPerson = new Map();
  graph.forEachEdge((edge, attributes, source, target) => {
    if (attributes.relation !== 'left' && attributes.relation !== 'joined') return;
    if (!byPerson.has(source)) byPerson.set(source, { left: [], joined: [] });
    byPerson.get(source)[attributes.relation].push({ edge, target, ...attributes });
  });
  const moves = [];
  for (const [person, { left, joined }] of byPerson) {
    const unpaired = new Set(joined);
    for (const departure of left) {
      const arrival = joined.find((candidate) => unpaired.has(candidate) && sharesDocOrDate(departure, candidate));
      if (arrival) unpaired.delete(arrival);
      moves.push({
        person,
        from: departure.target,
        to: arrival ? arrival.target : null,
        date: departure.first_seen || (arrival && arrival.first_seen) || '',
        edges: arrival ? [departure.edge, arrival.edge] : [departure.edge],
      });
    }
    for (const arrival of unpaired) {
      moves.push({ person, from: null, to: arrival.target, date: arrival.first_seen || '', edges: [arrival.edge] });
    }
  }
  const label = (key) => graph.getNodeAttribute(key, 'label');
  return moves.sort(
    (a, b) =>
      (a.date || '\uffff').localeCompare(b.date || '\uffff') || label(a.person).localeCompare(label(b.person)),
  );
}

// The moves that touch the selection (a node, or either end of an edge); all
// moves when nothing is selected.
export function movesFor(graph, moves, selection) {
  if (!selection) return moves;
  const keys =
    selection.kind === 'node' ? [selection.key] : [graph.source(selection.key), graph.target(selection.key)];
  return moves.filter((move) => keys.some((key) => move.person === key || move.from === key || move.to === key));
}
