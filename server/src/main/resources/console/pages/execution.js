import { sfn, ApiError } from '../api.js';
import { el, time, pretty, shortName, navigate } from '../app.js';
import { draw } from '../graphs.js';
import { analyse } from '../history.js';
import { timeline } from '../timeline.js';
import { ioChain } from '../iochain.js';

/**
 * One execution, live: the graph coloured by each state's status (refreshed while it runs), a state's data when it is
 * clicked, the Map's progress, the events (filter, expand), Stop and Redrive.
 */
export async function render(root, { arn }) {
  const [d, m] = await Promise.all([sfn('DescribeExecution', { executionArn: arn }),
    sfn('DescribeStateMachineForExecution', { executionArn: arn })]);
  const definition = JSON.parse(m.definition);
  const machineLink = el('a', { href: '/console/state-machines/' + encodeURIComponent(d.stateMachineArn) },
    shortName(d.stateMachineArn));
  const status = el('span', { class: 'badge', id: 'status' });
  const summary = el('dl', { class: 'kv', id: 'summary' });
  const stop = el('button', { class: 'danger', id: 'stop' }, 'Stop');
  const redrive = el('button', { id: 'redrive' }, 'Redrive');
  const problem = el('div', { class: 'error' });
  const box = el('div', { class: 'graph-box', id: 'graph' });
  const panel = el('div', { class: 'card', id: 'state' }, el('p', { class: 'muted' }, 'Click a state to see its data.'));
  const mapBox = el('div', { id: 'map' });
  const timelineBox = el('details', { id: 'timeline', class: 'card timeline', open: true },
    el('summary', {}, 'Timeline'));
  const filter = el('input', { type: 'text', placeholder: 'Filter events by type or state', 'aria-label': 'filter events' });
  const body = el('tbody');
  root.append(el('div', { class: 'crumbs' }, el('a', { href: '/console/state-machines' }, 'State machines'), ' / ',
    machineLink, ' / ', d.name),
  el('h1', {}, d.name, ' ', status), summary, el('div', { class: 'toolbar' }, stop, redrive, problem),
  el('div', { class: 'row' }, el('div', { class: 'grow' }, box, timelineBox), el('div', { class: 'side' }, mapBox, panel)),
  el('h2', {}, 'Events'), el('div', { class: 'filters' }, filter),
  el('table', { class: 'grid', id: 'events' }, el('thead', {}, el('tr', {}, el('th', {}, 'ID'), el('th', {}, 'Type'),
    el('th', {}, 'State'), el('th', {}, 'Time'), el('th', {}, 'Details'))), body));

  let events = [];
  let states = {};
  let selected;
  let execution = d;
  const graph = await draw(box, definition, { onSelect: name => { selected = name; showState(); } });
  const gantt = timeline(timelineBox, { onSelect: name => { selected = name; showState(); } });
  const chains = new Map();   // the data-flow chain of a state's exited entry, asked of TestState once

  async function fetchEvents() {
    // the newest first, until an event already seen: a long history is read once, then only what is new
    const known = events.length ? events[events.length - 1].id : 0;
    const fresh = [];
    let token;
    do {
      const page = await sfn('GetExecutionHistory', { executionArn: arn, reverseOrder: true, maxResults: 500,
        ...(token ? { nextToken: token } : {}) });
      const news = page.events.filter(e => e.id > known);
      fresh.push(...news);
      token = news.length === page.events.length ? page.nextToken : undefined;
    } while (token);
    events = events.concat(fresh.reverse());
  }

  function showSummary() {
    status.textContent = execution.status;
    status.className = 'badge ' + execution.status;
    const end = execution.stopDate ? new Date(execution.stopDate * 1000) : new Date();
    summary.replaceChildren(
      el('dt', {}, 'Execution ARN'), el('dd', {}, execution.executionArn),
      el('dt', {}, 'Started'), el('dd', {}, time(execution.startDate)),
      el('dt', {}, 'Duration'), el('dd', {}, ((end - new Date(execution.startDate * 1000)) / 1000).toFixed(1) + ' s'),
      ...(execution.error ? [el('dt', {}, 'Error'), el('dd', { class: 'error', id: 'error' }, execution.error)] : []),
      ...(execution.cause ? [el('dt', {}, 'Cause'), el('dd', { id: 'cause' }, execution.cause)] : []),
      ...(execution.redriveCount ? [el('dt', {}, 'Redriven'), el('dd', {}, `${execution.redriveCount}×`)] : []),
      el('dt', {}, 'Events'), el('dd', {}, String(events.length)));
    stop.disabled = execution.status !== 'RUNNING';
    redrive.hidden = execution.redriveStatus !== 'REDRIVABLE';
  }

  function showState() {
    if (!selected) return;
    graph.select(selected);
    const s = states[selected];
    if (!s) {
      panel.replaceChildren(el('h2', { style: 'margin-top:0' }, selected), el('p', { class: 'muted' }, 'Not entered.'));
      return;
    }
    const input = s.entered?.stateEnteredEventDetails?.input;
    const output = s.exited?.stateExitedEventDetails?.output;
    panel.replaceChildren(el('h2', { style: 'margin-top:0' }, selected, ' ', el('span', { class: 'badge' }, s.status)),
      el('div', { class: 'muted' }, `entered ${s.entries}×` + (s.retries ? `, retried ${s.retries}×` : '')),
      el('div', {}, 'Input'), el('pre', { id: 'state-input' }, pretty(input)),
      ...(output !== undefined ? [el('div', {}, 'Output'), el('pre', { id: 'state-output' }, pretty(output))] : []),
      ...(s.failure ? [el('div', { class: 'error' }, 'Error'),
        el('pre', { id: 'state-error' }, `${s.failure.error ?? ''}\n${s.failure.cause ?? ''}`)] : []),
      chain(selected, s));
  }

  function chain(name, s) {
    const key = `${name}@${s.entered?.id}/${s.exited?.id}`;
    if (!chains.has(key)) chains.set(key, ioChain(definition, name, s, events));
    return chains.get(key);
  }

  async function showMap() {
    const maps = Object.entries(states).filter(([, s]) => s.map || s.mapRunArn);
    const parts = [];
    for (const [name, s] of maps) {
      let done = s.map?.succeeded + s.map?.failed || 0;
      let total = s.map?.total || 0;
      let failed = s.map?.failed || 0;
      if (s.mapRunArn) {
        try {
          const r = await sfn('DescribeMapRun', { mapRunArn: s.mapRunArn });
          total = r.itemCounts.total;
          failed = r.itemCounts.failed + r.itemCounts.timedOut + r.itemCounts.aborted;
          done = r.itemCounts.succeeded + failed;
        } catch { /* not there yet */ }
      }
      parts.push(el('div', { class: 'card map-progress', 'data-map': name }, el('b', {}, name), ` ${done}/${total} items`
        + (failed ? `, ${failed} failed` : ''), el('div', { class: 'progress' },
        el('span', { style: `width:${total ? (100 * done / total).toFixed(1) : 0}%` }))));
    }
    mapBox.replaceChildren(...parts);
    graph.setBadges(Object.fromEntries(maps.map(([n, s]) => [n, `${(s.map?.succeeded ?? 0) + (s.map?.failed ?? 0)}`
      + `/${s.map?.total ?? '?'}`])));
  }

  function showEvents() {
    const q = filter.value.toLowerCase();
    const start = events.length ? new Date(events[0].timestamp * 1000) : 0;
    const rows = [];
    for (const e of events) {
      const stateName = e.stateEnteredEventDetails?.name || e.stateExitedEventDetails?.name || '';
      if (q && !e.type.toLowerCase().includes(q) && !stateName.toLowerCase().includes(q)) continue;
      const details = Object.entries(e).find(([k]) => k.endsWith('EventDetails'));
      rows.push(el('tr', {}, el('td', {}, String(e.id)), el('td', {}, e.type), el('td', {}, stateName),
        el('td', {}, '+' + ((new Date(e.timestamp * 1000) - start) / 1000).toFixed(3) + ' s'),
        el('td', {}, details ? el('details', {}, el('summary', {}, details[0]), el('pre', {}, pretty(details[1]))) : '')));
      if (rows.length >= 2000) break;   // a long history: the filter finds the rest
    }
    body.replaceChildren(...rows);
  }

  async function refresh() {
    execution = await sfn('DescribeExecution', { executionArn: arn });
    await fetchEvents();
    states = analyse(events, execution.status);
    graph.setStatuses(Object.fromEntries(Object.entries(states).map(([n, s]) => [n, s.status])));
    showSummary();
    gantt.update(events, execution);
    showState();
    await showMap();
    showEvents();
  }

  stop.addEventListener('click', async () => {
    if (!confirm('Stop this execution?')) return;
    try { await sfn('StopExecution', { executionArn: arn }); await refresh(); } catch (e) { problem.textContent = e.message; }
  });
  redrive.addEventListener('click', async () => {
    try { await sfn('RedriveExecution', { executionArn: arn }); await refresh(); } catch (e) { problem.textContent = e.message; }
  });
  filter.addEventListener('input', showEvents);
  await refresh();
  let busy = false;
  const timer = setInterval(async () => {
    if (busy || execution.status !== 'RUNNING') return;
    busy = true;
    try { await refresh(); } catch (e) { problem.textContent = e.message; } finally { busy = false; }
  }, 1000);
  return { leave() { clearInterval(timer); graph.destroy(); } };
}
