import { lambda, stepwise } from '../api.js';
import { el, pretty } from '../app.js';
import { invocationChart } from '../invocation-chart.js';
import { logView } from '../logs.js';
import { latestRuns, tuningCard, tuningRuns } from '../tuning.js';

/** Runs drawn as charts on the page; older ones are linked. */
const TUNING_CHARTS = 3;

/**
 * A function: its configuration, versions and aliases, invoke with a payload (result and log tail), its recent
 * invocations as a chart and a table, its logs following live, its power tuning runs as charts; invocations and
 * tuning runs are read again every 5 s.
 */
export async function render(root, { name }) {
  const path = '/2015-03-31/functions/' + encodeURIComponent(name);
  const got = await lambda('GET', path);
  if (!got.ok) throw Object.assign(new Error((await got.json()).Message || got.statusText), { type: 'ResourceNotFoundException' });
  const f = (await got.json()).Configuration;
  const [versions, aliases] = await Promise.all([
    lambda('GET', path + '/versions').then(r => r.json()), lambda('GET', path + '/aliases').then(r => r.json())]);
  const payload = el('textarea', { rows: 8, id: 'payload', 'aria-label': 'payload' }, '{}');
  const problem = el('div', { class: 'error' });
  const invoke = el('button', { class: 'primary', id: 'invoke' }, 'Invoke');
  const result = el('div', { id: 'result' });
  const tuning = el('div', { id: 'tuning' }, el('p', { class: 'muted' }, 'Loading…'));
  payload.addEventListener('input', () => {
    try { JSON.parse(payload.value); payload.classList.remove('invalid'); problem.textContent = ''; invoke.disabled = false; }
    catch (e) { payload.classList.add('invalid'); problem.textContent = 'Not JSON: ' + e.message; invoke.disabled = true; }
  });
  invoke.addEventListener('click', async () => {
    invoke.disabled = true;
    try {
      const r = await lambda('POST', path + '/invocations', payload.value, { 'X-Amz-Log-Type': 'Tail' });
      const text = await r.text();
      const error = r.headers.get('X-Amz-Function-Error');
      const log = r.headers.get('X-Amz-Log-Result');
      result.replaceChildren(
        el('div', { class: error ? 'error' : '' }, error ? `Function error (${error})` : `Succeeded (${r.status})`),
        el('pre', { id: 'response' }, pretty(text)),
        ...(log ? [el('div', {}, 'Log tail'), el('pre', { id: 'log' }, new TextDecoder().decode(
          Uint8Array.from(atob(log), c => c.charCodeAt(0))))] : []));
      await recent();
    } catch (e) {
      problem.textContent = e.message;
    } finally {
      invoke.disabled = false;
    }
  });
  const invocations = el('tbody');
  const chart = await invocationChart(el('canvas', { 'aria-label': 'recent invocations over time' }));
  const logs = logView(name);   // polls from here on: nothing below throws before render returns leave()
  async function recent() {
    const list = (await stepwise('/stepwise/v1/functions/' + encodeURIComponent(name) + '/invocations?limit=100'))
      .Invocations;
    chart.update(list);
    invocations.replaceChildren(...list.slice(0, 20).map(i => el('tr', {}, el('td', {}, i.StartTime), el('td', {}, i.RequestId),
      el('td', {}, i.DurationMs.toFixed(1)), el('td', {}, String(i.BilledDurationMs)),
      el('td', {}, `${i.MaxMemoryUsedMb} / ${i.MemorySizeMb} MB`), el('td', {}, i.InitDurationMs ? i.InitDurationMs.toFixed(1) : ''),
      el('td', { class: i.Error ? 'error' : '' }, i.Error || 'ok'))));
  }
  root.append(el('div', { class: 'crumbs' }, el('a', { href: '/console/functions' }, 'Functions'), ' / ', name),
    el('h1', {}, name),
    el('div', { class: 'row' },
      el('div', { class: 'grow card' }, el('dl', { class: 'kv', id: 'config' },
        ...[['ARN', f.FunctionArn], ['Runtime', f.Runtime], ['Handler', f.Handler], ['Memory', f.MemorySize + ' MB'],
          ['Timeout', f.Timeout + ' s'], ['Architecture', (f.Architectures || ['x86_64']).join(', ')],
          ['Code size', f.CodeSize + ' bytes'], ['Last modified', f.LastModified],
          ['Versions', versions.Versions.map(v => v.Version).join(', ')],
          ['Aliases', aliases.Aliases.map(a => `${a.Name} → ${a.FunctionVersion}`).join(', ') || '—'],
          ['Environment', Object.keys(f.Environment?.Variables || {}).join(', ') || '—']]
          .flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]))),
      el('div', { class: 'side card' }, el('h2', { style: 'margin-top:0' }, 'Invoke'), payload, problem,
        el('div', { class: 'toolbar' }, invoke), result)),
    el('h2', {}, 'Recent invocations'),
    el('div', { class: 'card' }, el('div', { class: 'chart-box', id: 'invocation-chart' }, chart.canvas)),
    el('table', { class: 'grid', id: 'invocations' }, el('thead', {}, el('tr', {}, ...['Start', 'Request ID', 'Duration ms',
      'Billed ms', 'Max memory used', 'Init ms', 'Result'].map(h => el('th', {}, h)))), invocations),
    logs.element, el('h2', {}, 'Power tuning'), tuning);
  let left = false;
  let tuningSeen = null;
  let tuningCharts = [];
  let refreshing = false;
  // the runs are described again only when the newest runs (their ARNs and statuses) have changed
  async function tuningRefresh() {
    if (refreshing) return;
    refreshing = true;
    try {
      const listed = await latestRuns();
      const seen = listed.map(e => e.executionArn + e.status).join();
      if (seen === tuningSeen) return;
      const charts = await tuningSection(name, tuning, listed);
      tuningSeen = seen;
      tuningCharts.forEach(c => c.destroy());
      tuningCharts = charts;
      if (left) charts.forEach(c => c.destroy());
    } catch (e) {
      tuning.replaceChildren(el('div', { class: 'error' }, `${e.type || 'Error'}: ${e.message}`));
    } finally {
      refreshing = false;
    }
  }
  await recent().catch(() => {});   // the next refresh tries again
  await tuningRefresh();
  const timer = setInterval(() => { recent().catch(() => {}); tuningRefresh(); }, 5000);
  return { leave() { left = true; clearInterval(timer); logs.stop(); chart.destroy(); tuningCharts.forEach(c => c.destroy()); } };
}

/** The function's tuning runs among those listed, the newest drawn; the charts, to destroy when replaced. */
async function tuningSection(name, into, listed) {
  const runs = await tuningRuns(name, listed);
  if (!runs.length) {
    into.replaceChildren(el('p', { class: 'muted' }, `No tuning runs yet: stepwise tune ${name} starts one.`));
    return [];
  }
  const shown = await Promise.all(runs.slice(0, TUNING_CHARTS).map(tuningCard));
  into.replaceChildren(...shown.map(s => s.card), ...runs.slice(TUNING_CHARTS).map(r => el('div', {},
    el('a', { href: '/console/power-tuning/' + encodeURIComponent(r.arn) }, r.name), ` ${r.status}`)));
  return shown;
}
