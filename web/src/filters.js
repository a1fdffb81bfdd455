// The controls beside the graph: the legend of entity types (each a
// checkbox), the relations, and the date slider that shows the graph as it
// stood on a date. They only edit `filters`; main.js redraws.
import { element } from './dom.js';

export function createFilters() {
  return { hiddenTypes: new Set(), hiddenRelations: new Set(), asOf: null };
}

function checkboxList(container, items, name, hidden, onChange) {
  container.replaceChildren(
    ...items.map((item) =>
      element(
        'li',
        {},
        element(
          'label',
          {},
          element('input', {
            type: 'checkbox',
            checked: true,
            dataset: { [name]: item.value },
            onchange: (event) => {
              if (event.target.checked) hidden.delete(item.value);
              else hidden.add(item.value);
              onChange();
            },
          }),
          item.color ? element('span', { class: 'swatch', style: `background:${item.color}` }) : null,
          element('span', { class: 'name' }, item.value),
          element('span', { class: 'count' }, String(item.count)),
        ),
      ),
    ),
  );
}

export function setUpFilters({ filters, types, relations, dates, elements, onChange }) {
  checkboxList(
    elements.types,
    types.map(({ type, count, color }) => ({ value: type, count, color })),
    'type',
    filters.hiddenTypes,
    onChange,
  );
  checkboxList(
    elements.relations,
    relations.map(({ relation, count }) => ({ value: relation, count })),
    'relation',
    filters.hiddenRelations,
    onChange,
  );

  // The slider's last stop is "every edge, dated or not"; each earlier stop is
  // a date, and shows the edges first seen on or before it.
  const slider = elements.dateSlider;
  slider.min = '0';
  slider.max = String(dates.length);
  slider.value = String(dates.length);
  slider.disabled = dates.length === 0;
  const showDate = () => {
    const position = Number(slider.value);
    filters.asOf = position < dates.length ? dates[position] : null;
    elements.dateLabel.textContent = filters.asOf
      ? `as of ${filters.asOf}`
      : dates.length
        ? 'all dates'
        : 'no edge has a date';
    slider.setAttribute('aria-valuetext', elements.dateLabel.textContent);
  };
  showDate();
  slider.addEventListener('input', () => {
    showDate();
    onChange();
  });
}

// Whether an edge is shown under `filters` (its ends are judged apart).
export function edgePasses(filters, attributes) {
  if (filters.hiddenRelations.has(attributes.relation)) return false;
  if (filters.asOf === null) return true;
  return Boolean(attributes.first_seen) && attributes.first_seen <= filters.asOf;
}
