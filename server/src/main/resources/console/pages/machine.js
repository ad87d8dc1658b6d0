import { sfn, all, ApiError } from '../api.js';
import { el, time, navigate, shortName } from '../app.js';
import { draw } from '../graphs.js';

const STATUSES = ['', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];

export async function render(root, { arn }) {
  const m = await sfn('DescribeStateMachine', { stateMachineArn: arn });
  const definition = JSON.parse(m.definition);
  // a version's ARN is its machine's with ":<number>" after it: its page shows that version's definition, read-only
  const parts = arn.split(':');
  const base = parts.slice(0, 7).join(':');
  const version = parts.length > 7 ? parts[7] : undefined;
  const baseLink = el('a', { href: '/console/state-machines/' + encodeURIComponent(base) }, m.name);
  root.append(el('div', { class: 'crumbs' }, el('a', { href: '/console/state-machines' }, 'State machines'), ' / ',
    ...(version ? [baseLink, ' / ', `version ${version}`] : [m.name])),
  el('h1', {}, m.name, ...(version ? [' ', el('span', { class: 'badge', id: 'version' }, `version ${version}`)]
    : [' ', el('button', { id: 'edit', onclick: () => navigate(`/console/state-machines/${encodeURIComponent(arn)}/edit`) },
      'Edit')])), el('p', { class: 'muted' }, `${m.type} · ${Object.keys(definition.States || {}).length} states · `
      + `created ${time(m.creationDate)}` + (m.description ? ` · ${m.description}` : '')));
  const box = el('div', { class: 'graph-box', id: 'graph' });
  const start = startForm(m);
  const versions = el('div', { class: 'card', id: 'versions' }, el('h2', { style: 'margin-top:0' }, 'Versions and aliases'),
    el('p', { class: 'muted' }, 'Loading…'));
  root.append(el('div', { class: 'row' }, el('div', { class: 'grow' }, box), el('div', { class: 'side' }, start, versions)));
  showVersions(versions, base, arn).catch(e => versions.append(el('div', { class: 'error' }, `${e.type || 'Error'}: ${e.message}`)));
  const graph = await draw(box, definition);

  const status = el('select', { 'aria-label': 'status' }, ...STATUSES.map(s => el('option', { value: s }, s || 'any status')));
  const search = el('input', { type: 'text', placeholder: 'Search by name', 'aria-label': 'search executions' });
  const body = el('tbody');
  const more = el('button', {}, 'More');
  let token, rows = [];
  async function load(reset) {
    if (reset) { token = undefined; rows = []; }
    if (m.type === 'EXPRESS') {
      body.replaceChildren(el('tr', {}, el('td', { colspan: 4, class: 'muted' }, 'Express executions are not kept.')));
      more.hidden = true;
      return;
    }
    let page;
    try {
      page = await sfn('ListExecutions', { stateMachineArn: arn, maxResults: 50,
      ...(status.value ? { statusFilter: status.value } : {}), ...(token ? { nextToken: token } : {}) });
    } catch (e) {
      body.replaceChildren(el('tr', {}, el('td', { colspan: 4, class: 'error' }, `${e.type || 'Error'}: ${e.message}`)));
      more.hidden = true;
      return;
    }
    rows.push(...page.executions);
    token = page.nextToken;
    more.hidden = !token;
    drawRows();
  }
  function drawRows() {
    const q = search.value.toLowerCase();
    body.replaceChildren(...rows.filter(e => e.name.toLowerCase().includes(q)).map(e => el('tr', {},
      el('td', {}, el('a', { href: '/console/executions/' + encodeURIComponent(e.executionArn) }, e.name)),
      el('td', {}, el('span', { class: 'badge ' + e.status }, e.status)),
      el('td', {}, time(e.startDate)), el('td', {}, time(e.stopDate)))));
  }
  status.addEventListener('change', () => load(true));
  search.addEventListener('input', drawRows);
  more.addEventListener('click', () => load(false));
  root.append(el('h2', {}, 'Executions'), el('div', { class: 'filters' }, status, search),
    el('table', { class: 'grid', id: 'executions' }, el('thead', {}, el('tr', {}, el('th', {}, 'Name'),
      el('th', {}, 'Status'), el('th', {}, 'Started'), el('th', {}, 'Ended'))), body), el('div', { class: 'toolbar' }, more));
  await load(true);
  const timer = setInterval(() => load(true).catch(() => {}), 5000);
  return { leave() { clearInterval(timer); graph.destroy(); } };
}

/** The machine's versions (each a link to its page) and aliases with their routing; the shown one marked. */
async function showVersions(card, base, shown) {
  const link = (v, text) => el('a', { href: '/console/state-machines/' + encodeURIComponent(v),
    'data-version': v, ...(v === shown ? { class: 'current' } : {}) }, text ?? `version ${v.split(':')[7]}`);
  const [versions, aliases] = await Promise.all([
    all('ListStateMachineVersions', { stateMachineArn: base }, 'stateMachineVersions'),
    all('ListStateMachineAliases', { stateMachineArn: base }, 'stateMachineAliases')]);
  const described = await Promise.all(aliases.map(a => sfn('DescribeStateMachineAlias',
    { stateMachineAliasArn: a.stateMachineAliasArn }).catch(() => a)));
  card.replaceChildren(el('h2', { style: 'margin-top:0' }, 'Versions and aliases'),
    el('div', { class: 'muted' }, 'Versions'),
    versions.length ? el('ul', { id: 'version-list' }, ...versions.map(v => el('li', {}, link(v.stateMachineVersionArn),
      el('span', { class: 'muted' }, ' ', time(v.creationDate))))) : el('p', { class: 'muted' }, 'None published.'),
    el('div', { class: 'muted' }, 'Aliases'),
    described.length ? el('ul', { id: 'alias-list' }, ...described.map(a => el('li', { 'data-alias': a.name
      ?? shortName(a.stateMachineAliasArn) }, el('b', {}, a.name ?? shortName(a.stateMachineAliasArn)), ' → ',
    ...(a.routingConfiguration || []).flatMap((r, i) => [i ? ', ' : '', link(r.stateMachineVersionArn),
      ` ${r.weight}%`]), a.description ? el('span', { class: 'muted' }, ` · ${a.description}`) : '')))
      : el('p', { class: 'muted' }, 'None.'));
}

/** Start an execution: the input is checked as JSON while it is typed, and sent only when it parses. */
function startForm(m) {
  const input = el('textarea', { rows: 10, id: 'input', 'aria-label': 'execution input' }, '{}');
  const name = el('input', { type: 'text', id: 'name', placeholder: 'name (optional)' });
  const problem = el('div', { class: 'error' });
  const button = el('button', { class: 'primary', id: 'start' }, 'Start execution');
  input.addEventListener('input', () => {
    try {
      JSON.parse(input.value);
      input.classList.remove('invalid');
      problem.textContent = '';
      button.disabled = false;
    } catch (e) {
      input.classList.add('invalid');
      problem.textContent = 'Not JSON: ' + e.message;
      button.disabled = true;
    }
  });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const r = await sfn('StartExecution', { stateMachineArn: m.stateMachineArn, input: input.value,
        ...(name.value ? { name: name.value } : {}) });
      navigate('/console/executions/' + encodeURIComponent(r.executionArn));
    } catch (e) {
      problem.textContent = `${e.type || 'Error'}: ${e.message}`;
      button.disabled = false;
    }
  });
  return el('div', { class: 'card' }, el('h2', { style: 'margin-top:0' }, 'Start an execution'), name,
    el('div', { style: 'height:8px' }), input, problem, el('div', { class: 'toolbar' }, button));
}
