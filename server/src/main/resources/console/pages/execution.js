import { sfn, ApiError } from '../api.js';
import { el, time, pretty, shortName, navigate } from '../app.js';
import { draw } from '../graphs.js';
import { analyse } from '../history.js';
import { timeline } from '../timeline.js';
import { ioChain, findState } from '../iochain.js';
import { placeIterations, eventsOf, innerStates, ancestry } from '../iterations.js';
import { iterationPicker, mapRunPanel } from '../mappanel.js';
import { eventTable } from '../eventtable.js';
import { costPanel } from '../cost.js';

/**
 * One execution, live: the graph coloured by each state's status (refreshed while it runs), a state's data when it is
 * clicked, the Map's progress and its iterations (one picked: ?iteration=N&map=M, its states on the graph and in the
 * panel; a Map in a Map's: ?iteration=N&map=Outer&iteration=K&map=Inner, the outermost first),
 * a distributed Map's child executions, the cost, the events (filter, expand, paged), Stop and Redrive.
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
  const loading = el('span', { class: 'muted', id: 'loading' });
  const box = el('div', { class: 'graph-box', id: 'graph' });
  const panel = el('div', { class: 'card', id: 'state' }, el('p', { class: 'muted' }, 'Click a state to see its data.'));
  const mapBox = el('div', { id: 'map' });
  const timelineBox = el('details', { id: 'timeline', class: 'card timeline', open: true },
    el('summary', {}, 'Timeline'));
  const table = eventTable();
  const iterBox = el('div', { id: 'map-iterations' });
  const costBox = el('div');
  root.append(el('div', { class: 'crumbs' }, el('a', { href: '/console/state-machines' }, 'State machines'), ' / ',
    machineLink, ' / ', d.name),
  el('h1', {}, d.name, ' ', status), summary, el('div', { class: 'toolbar' }, stop, redrive, loading, problem),
  el('div', { class: 'row' }, el('div', { class: 'grow' }, box, timelineBox), el('div', { class: 'side' }, mapBox, iterBox, panel,
    costBox)), table.element);

  let events = [];
  let states = {};
  let selected;
  let execution = d;
  let reading = fetchEvents();   // the history is read while the graph is laid out
  reading.catch(() => {});       // (its failure is shown when refresh awaits it)
  const graph = await draw(box, definition, { onSelect: name => { selected = name; showState(); } });
  const gantt = timeline(timelineBox, { onSelect: name => { selected = name; showState(); } });
  const chains = new Map();   // the data-flow chain of a state's exited entry, asked of TestState once
  const cost = costPanel(costBox);
  const mapRuns = new Map();  // Map Run ARN → its panel
  let placed = { iterations: [], member: new Map(), byKey: new Map() };
  let picked;                 // the iteration picked: its states are shown on the graph and in the panel
  let view = {};              // states as shown: the execution's, the picked iteration's inside its Map
  const picker = iterationPicker(iterBox, { onPick: it => {
    picked = it;
    const url = new URL(location.href);
    url.searchParams.delete('iteration');
    url.searchParams.delete('map');
    for (const step of it ? ancestry(placed.byKey, it) : []) {
      url.searchParams.append('iteration', step.index);
      url.searchParams.append('map', step.map);
    }
    history.replaceState({}, '', url.pathname + url.search);
    showView();
    showState();
  } });
  let refreshes = 0;

  async function fetchEvents() {
    // the newest first, until an event already seen: a long history is read once, then only what is new; the graph
    // is drawn already and the page answers while the pages come (1,000 events a page, AWS's most)
    const started = performance.now();
    const known = events.length ? events[events.length - 1].id : 0;
    const fresh = [];
    let token;
    do {
      const page = await sfn('GetExecutionHistory', { executionArn: arn, reverseOrder: true, maxResults: 1000,
        ...(token ? { nextToken: token } : {}) });
      const news = page.events.filter(e => e.id > known);
      fresh.push(...news);
      token = news.length === page.events.length ? page.nextToken : undefined;
      if (token) loading.textContent = `reading the history: ${fresh.length} events…`;
    } while (token);
    loading.textContent = '';
    events = events.concat(fresh.reverse());
    // what reading the history costs, for the console's benchmark (docs/benchmarks.md)
    performance.measure('stepwise:history', { start: started, end: performance.now() });
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
    const s = view[selected];
    if (!s) {
      panel.replaceChildren(el('h2', { style: 'margin-top:0' }, selected), el('p', { class: 'muted' }, 'Not entered.'));
      return;
    }
    const input = s.entered?.stateEnteredEventDetails?.input;
    const output = s.exited?.stateExitedEventDetails?.output;
    const around = (picked ? ancestry(placed.byKey, picked) : [])
      .filter(it => innerStates(findState(definition, it.map)).includes(selected));
    const at = around.length ? el('div', { class: 'muted', id: 'state-iteration' },
      around.map(it => `${it.map} iteration ${it.index}`).join(' / ')) : '';
    panel.replaceChildren(el('h2', { style: 'margin-top:0' }, selected, ' ', el('span', { class: 'badge' }, s.status)), at,
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
    for (const [, s] of maps) {
      if (!s.mapRunArn) continue;
      if (!mapRuns.has(s.mapRunArn)) mapRuns.set(s.mapRunArn, mapRunPanel(iterBox, s.mapRunArn));
      await mapRuns.get(s.mapRunArn).refresh();
    }
    graph.setBadges(Object.fromEntries(maps.map(([n, s]) => [n, `${(s.map?.succeeded ?? 0) + (s.map?.failed ?? 0)}`
      + `/${s.map?.total ?? '?'}`])));
  }

  /**
   * The states as shown: inside the picked iteration's Map, that iteration's; elsewhere the execution's. A nested pick
   * is laid on from the outside in: the outer iteration's states, then the inner iteration's inside the inner Map.
   */
  function showView() {
    view = { ...states };
    for (const it of picked ? ancestry(placed.byKey, picked) : []) {
      const inner = innerStates(findState(definition, it.map));
      const ended = it.status === 'RUNNING' ? execution.status : it.status;
      const mine = analyse(eventsOf(events, placed, it.key), ended);
      for (const n of inner) view[n] = mine[n];
    }
    graph.setStatuses(Object.fromEntries(Object.entries(view).filter(([, s]) => s).map(([n, s]) => [n, s.status])));
  }

  async function refresh() {
    execution = await sfn('DescribeExecution', { executionArn: arn });
    await (reading || fetchEvents());
    reading = undefined;
    const fetched = performance.now();
    states = analyse(events, execution.status);
    placed = placeIterations(events);
    picker.update(placed.iterations);
    if (picked) picked = placed.byKey.get(picked.key) || picked;
    showView();
    showSummary();
    gantt.update(events, execution);
    showState();
    await showMap();
    table.update(events);
    // what redrawing after a refresh costs, for the console's benchmark (docs/benchmarks.md)
    performance.measure('stepwise:redraw', { start: fetched, end: performance.now() });
    // the Lambda records are read when the execution ends, and every 10 s while it runs
    await cost.refresh(events, execution, execution.status !== 'RUNNING' || refreshes++ % 10 === 0);
  }

  stop.addEventListener('click', async () => {
    if (!confirm('Stop this execution?')) return;
    try { await sfn('StopExecution', { executionArn: arn }); await refresh(); } catch (e) { problem.textContent = e.message; }
  });
  redrive.addEventListener('click', async () => {
    try { await sfn('RedriveExecution', { executionArn: arn }); await refresh(); } catch (e) { problem.textContent = e.message; }
  });
  await refresh();
  const asked = new URLSearchParams(location.search);
  if (asked.has('iteration')) {
    const maps = asked.getAll('map');
    picked = picker.pick(asked.getAll('iteration').map((n, i) => ({ index: Number(n), map: maps[i] || undefined })));
    if (picked) {
      selected = innerStates(findState(definition, picked.map))[0];
      showView();
      showState();
    }
  }
  let busy = false;
  const timer = setInterval(async () => {
    if (busy || execution.status !== 'RUNNING') return;
    busy = true;
    try { await refresh(); } catch (e) { problem.textContent = e.message; } finally { busy = false; }
  }, 1000);
  return { leave() { clearInterval(timer); graph.destroy(); } };
}
