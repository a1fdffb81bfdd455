// The search box: autocomplete over every node's name and aliases, matched
// on word starts with case and accents folded, so "murati" finds "Mira
// Murati" and "tulu" finds "Tülu". `/` focuses it from anywhere.
import { element } from './dom.js';

const kMaxSuggestions = 12;

export function fold(text) {
  return String(text).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

export function buildIndex(graph) {
  const entries = [];
  graph.forEachNode((key, attributes) => {
    const names = [attributes.label, ...(attributes.aliases || [])];
    for (const name of names) {
      if (!name) continue;
      const folded = fold(name);
      entries.push({ key, name, folded, words: folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean) });
    }
  });
  return entries;
}

// Whole name first, then a word of it starting with the query, then the query
// anywhere; busier nodes before quieter ones.
function rank(entry, query) {
  if (entry.folded === query) return 0;
  if (entry.folded.startsWith(query)) return 1;
  if (entry.words.some((word) => word.startsWith(query))) return 2;
  if (entry.folded.includes(query)) return 3;
  return -1;
}

export function findNodes(graph, index, text) {
  const query = fold(text.trim());
  if (!query) return [];
  const best = new Map();
  for (const entry of index) {
    const score = rank(entry, query);
    if (score < 0) continue;
    const known = best.get(entry.key);
    if (!known || score < known.score) best.set(entry.key, { ...entry, score });
  }
  return [...best.values()]
    .sort((a, b) => a.score - b.score || graph.degree(b.key) - graph.degree(a.key) || (a.name < b.name ? -1 : 1))
    .slice(0, kMaxSuggestions);
}

export function setUpSearch({ graph, input, list, onPick }) {
  const index = buildIndex(graph);
  let matches = [];
  let active = 0;

  function close() {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute('aria-expanded', 'false');
  }

  function pick(match) {
    close();
    input.value = graph.getNodeAttribute(match.key, 'label');
    onPick(match.key);
  }

  function show() {
    matches = findNodes(graph, index, input.value);
    active = 0;
    if (!matches.length) return close();
    list.replaceChildren(
      ...matches.map((match, position) => {
        const attributes = graph.getNodeAttributes(match.key);
        return element(
          'li',
          {
            role: 'option',
            id: `suggestion-${position}`,
            'aria-selected': position === active ? 'true' : 'false',
            onmousedown: (event) => {
              event.preventDefault();
              pick(match);
            },
          },
          element('span', { class: 'swatch', style: `background:${attributes.color}` }),
          attributes.label,
          match.name !== attributes.label ? element('span', { class: 'alias' }, ` (${match.name})`) : null,
          element('span', { class: 'type' }, attributes.entity_type),
        );
      }),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    input.setAttribute('aria-activedescendant', 'suggestion-0');
  }

  function move(step) {
    if (!matches.length) return;
    active = (active + step + matches.length) % matches.length;
    [...list.children].forEach((item, position) => item.setAttribute('aria-selected', String(position === active)));
    input.setAttribute('aria-activedescendant', `suggestion-${active}`);
  }

  input.addEventListener('input', show);
  input.addEventListener('blur', close);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') move(1);
    else if (event.key === 'ArrowUp') move(-1);
    else if (event.key === 'Escape') close();
    else if (event.key === 'Enter') {
      if (!matches.length) matches = findNodes(graph, index, input.value);
      if (matches.length) pick(matches[active] || matches[0]);
    } else return;
    event.preventDefault();
  });
  document.addEventListener('keydown', (event) => {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
    if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
}
