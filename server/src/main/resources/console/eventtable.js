// An execution's events as a table: filter by type or state, 200 rows a page (a 10,000-item Map has 40,000 events;
// the page renders 200 of them), a row's details expanded on demand.
import { el, pretty } from './app.js';

const PAGE = 200;

export function eventTable() {
  let events = [];
  let page = 0;
  const filter = el('input', { type: 'text', placeholder: 'Filter events by type or state', 'aria-label': 'filter events' });
  const body = el('tbody');
  const pager = el('div', { class: 'pager', id: 'events-pager' });
  const element = el('div', {}, el('h2', {}, 'Events'), el('div', { class: 'filters' }, filter),
    el('table', { class: 'grid', id: 'events' }, el('thead', {}, el('tr', {}, el('th', {}, 'ID'), el('th', {}, 'Type'),
      el('th', {}, 'State'), el('th', {}, 'Time'), el('th', {}, 'Details'))), body), pager);
  filter.addEventListener('input', () => { page = 0; render(); });

  function render() {
    const q = filter.value.toLowerCase();
    const name = e => e.stateEnteredEventDetails?.name || e.stateExitedEventDetails?.name || '';
    const shown = q ? events.filter(e => e.type.toLowerCase().includes(q) || name(e).toLowerCase().includes(q)) : events;
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    page = Math.min(page, pages - 1);
    const start = events.length ? new Date(events[0].timestamp * 1000) : 0;
    body.replaceChildren(...shown.slice(page * PAGE, (page + 1) * PAGE).map(e => {
      const details = Object.entries(e).find(([k]) => k.endsWith('EventDetails'));
      const cell = el('td', {});
      if (details) {
        // the JSON is written when the row is opened: 200 rows of big inputs stay cheap
        const d = el('details', {}, el('summary', {}, details[0]));
        d.addEventListener('toggle', () => { if (d.open && d.children.length < 2) d.append(el('pre', {}, pretty(details[1]))); });
        cell.append(d);
      }
      return el('tr', {}, el('td', {}, String(e.id)), el('td', {}, e.type), el('td', {}, name(e)),
        el('td', {}, '+' + ((new Date(e.timestamp * 1000) - start) / 1000).toFixed(3) + ' s'), cell);
    }));
    const first = shown.length ? page * PAGE + 1 : 0;
    pager.replaceChildren(el('button', { disabled: page === 0, onclick: () => { page = 0; render(); } }, '«'),
      el('button', { disabled: page === 0, onclick: () => { page--; render(); } }, '‹'),
      el('span', { class: 'muted', id: 'events-range' }, ` ${first}–${Math.min(shown.length, (page + 1) * PAGE)} of `
        + `${shown.length} `),
      el('button', { disabled: page >= pages - 1, onclick: () => { page++; render(); } }, '›'),
      el('button', { disabled: page >= pages - 1, onclick: () => { page = pages - 1; render(); } }, '»'));
  }

  return { element, update(all) { events = all; render(); } };
}
