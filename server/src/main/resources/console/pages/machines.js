import { all } from '../api.js';
import { el, time } from '../app.js';

export async function render(root) {
  const machines = await all('ListStateMachines', { maxResults: 1000 }, 'stateMachines');
  machines.sort((a, b) => a.name.localeCompare(b.name));
  const filter = el('input', { type: 'text', placeholder: 'Search by name', 'aria-label': 'search' });
  const body = el('tbody');
  const draw = () => body.replaceChildren(...machines
    .filter(m => m.name.toLowerCase().includes(filter.value.toLowerCase()))
    .map(m => el('tr', {},
      el('td', {}, el('a', { href: '/console/state-machines/' + encodeURIComponent(m.stateMachineArn) }, m.name)),
      el('td', {}, m.type), el('td', {}, time(m.creationDate)))));
  filter.addEventListener('input', draw);
  draw();
  root.append(el('h1', {}, 'State machines'),
    el('p', { class: 'muted' }, `${machines.length} state machine${machines.length === 1 ? '' : 's'}`),
    el('div', { class: 'filters' }, filter),
    el('table', { class: 'grid', id: 'machines' }, el('thead', {}, el('tr', {}, el('th', {}, 'Name'), el('th', {}, 'Type'),
      el('th', {}, 'Created'))), body));
}
