import { lambda } from '../api.js';
import { el } from '../app.js';

export async function render(root) {
  const functions = [];
  let marker;
  do {
    const r = await lambda('GET', '/2015-03-31/functions/?MaxItems=50' + (marker ? '&Marker=' + encodeURIComponent(marker) : ''));
    const page = await r.json();
    functions.push(...page.Functions);
    marker = page.NextMarker;
  } while (marker);
  functions.sort((a, b) => a.FunctionName.localeCompare(b.FunctionName));
  root.append(el('h1', {}, 'Functions'), el('p', { class: 'muted' }, `${functions.length} function${functions.length === 1 ? '' : 's'}`),
    el('table', { class: 'grid', id: 'functions' }, el('thead', {}, el('tr', {}, ...['Name', 'Runtime', 'Handler', 'Memory',
      'Timeout', 'Architecture', 'Last modified'].map(h => el('th', {}, h)))),
    el('tbody', {}, ...functions.map(f => el('tr', {},
      el('td', {}, el('a', { href: '/console/functions/' + encodeURIComponent(f.FunctionName) }, f.FunctionName)),
      el('td', {}, f.Runtime), el('td', {}, f.Handler), el('td', {}, f.MemorySize + ' MB'), el('td', {}, f.Timeout + ' s'),
      el('td', {}, (f.Architectures || ['x86_64']).join(', ')), el('td', {}, f.LastModified))))));
}
