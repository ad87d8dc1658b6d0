// Power tuning results in the console. A run is an execution of the state machine stepwise-power-tuning (docs/
// power-tuning.md): its input names the function (lambdaARN), its output is the original tool's ({power, cost,
// duration, stateMachine: {visualization}}, plus stats). The chart's numbers are those of the visualization link,
// decoded (visualization.mjs) as a link opened here is, so a run and its link draw the same points.
import { all, sfn } from './api.js';
import { el, time } from './app.js';
import { chartJs } from './charts.js';
import { decode } from './visualization.mjs';

export const MACHINE = 'stepwise-power-tuning';
const PER_MILLION = 1e6;
/** Runs described per page: each costs a DescribeExecution to learn its function. */
const NEWEST = 50;

/** The function a tuning input names: lambdaARN as a name, an ARN or a qualified ARN. */
export function tunedFunction(input) {
  const ref = String(input?.lambdaARN ?? '');
  const at = ref.indexOf(':function:');
  return at < 0 ? ref.split(':')[0] : ref.slice(at + ':function:'.length).split(':')[0];
}

/** The newest tuning runs as ListExecutions lists them ({executionArn, status, ...}); none before the tuner's machine exists. */
export async function latestRuns() {
  const machine = (await all('ListStateMachines', {}, 'stateMachines')).find(m => m.name === MACHINE);
  if (!machine) return [];
  return (await sfn('ListExecutions', { stateMachineArn: machine.stateMachineArn, maxResults: NEWEST })).executions || [];
}

/** Tuning runs described (input and output parsed): of one function or, without a name, of all; the newest by default. */
export async function tuningRuns(functionName, listed) {
  const runs = await Promise.all((listed ?? await latestRuns())
    .map(e => sfn('DescribeExecution', { executionArn: e.executionArn })));
  return runs.map(described).filter(r => !functionName || r.function === functionName);
}

/** One run, described and parsed. */
export async function tuningRun(executionArn) {
  return described(await sfn('DescribeExecution', { executionArn }));
}

function described(d) {
  const input = parse(d.input) || {};
  const output = parse(d.output);
  return { arn: d.executionArn, name: d.name, status: d.status, start: d.startDate, stop: d.stopDate,
    function: tunedFunction(input), strategy: input.strategy || 'cost', output, error: d.error, cause: d.cause };
}

function parse(text) {
  try { return text ? JSON.parse(text) : null; } catch { return null; }
}

/** The points of a run's visualization link, or of a link's fragment: {powers, durations, costs}. */
export function points(linkOrHash) {
  return decode(linkOrHash.slice(Math.max(0, linkOrHash.indexOf('#'))));
}

/**
 * A run as a card: its chart, its numbers and its recommendation, or why there is none (running, failed). Returns
 * the card and a destroy() for its chart.
 */
export async function tuningCard(run) {
  const head = el('div', { class: 'tuning-head' },
    el('a', { href: '/console/power-tuning/' + encodeURIComponent(run.arn) }, run.name), ' ',
    el('span', { class: `badge ${run.status}` }, run.status), ' ',
    el('span', { class: 'muted' }, `${run.function} · strategy ${run.strategy} · ${time(run.start)}`));
  const link = run.output?.stateMachine?.visualization;
  if (run.status !== 'SUCCEEDED' || !link) {
    return { card: el('div', { class: 'card tuning', 'data-run': run.arn }, head,
      run.error ? el('div', { class: 'error' }, `${run.error}: ${run.cause || ''}`) : null), destroy() {} };
  }
  const shown = await resultCard(points(link), run.output.power, run.output.stats);
  shown.card.dataset.run = run.arn;
  shown.card.prepend(head);
  return shown;
}

/**
 * The chart of one tuning result, cost and time per memory size, and its table. recommended (MB) is marked when
 * known (a run's output has it; a bare link does not).
 */
export async function resultCard({ powers, durations, costs }, recommended, stats) {
  const Chart = await chartJs();
  const canvas = el('canvas', { 'aria-label': 'Duration and cost against memory' });
  const failures = new Map((stats || []).filter(s => s.failure).map(s => [s.value, s.failure]));
  const chosen = i => powers[i] === recommended;
  const marked = { pointRadius: c => (chosen(c.dataIndex) ? 8 : 3), pointStyle: c => (chosen(c.dataIndex) ? 'rectRot' : 'circle') };
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets: [
      { label: 'Duration (ms)', data: powers.map((x, i) => ({ x, y: durations[i] })), yAxisID: 'duration',
        borderColor: '#1f77b4', backgroundColor: '#1f77b4', borderWidth: 2.5, tension: 0, ...marked },
      { label: 'Cost per 1M invocations (USD)', data: powers.map((x, i) => ({ x, y: costs[i] * PER_MILLION })),
        yAxisID: 'cost', borderColor: '#ff7f0e', backgroundColor: '#ff7f0e', borderWidth: 2.5, tension: 0, ...marked },
    ] },
    options: {
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { type: 'logarithmic', title: { display: true, text: 'Memory (MB)' },
             afterBuildTicks: axis => { axis.ticks = powers.map(value => ({ value })); },
             ticks: { callback: value => String(value) } },
        duration: { type: 'linear', position: 'left', beginAtZero: true, title: { display: true, text: 'Duration (ms)' } },
        cost: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
                title: { display: true, text: 'USD per 1M invocations (compute)' } },
      },
      plugins: { tooltip: { callbacks: { title: items => `${items[0].parsed.x} MB` } } },
    },
  });
  const fastest = Math.min(...durations);
  const cheapest = Math.min(...costs);
  const rows = powers.map((power, i) => el('tr', { class: chosen(i) ? 'recommended' : '' },
    el('td', {}, String(power)), el('td', {}, durations[i].toFixed(1)), el('td', {}, usd(costs[i])),
    el('td', {}, usd(costs[i] * PER_MILLION)),
    el('td', {}, [chosen(i) ? 'recommended' : '', durations[i] === fastest ? 'fastest' : '',
      costs[i] === cheapest ? 'cheapest' : '', failures.get(power) || ''].filter(Boolean).join(', '))));
  const card = el('div', { class: 'card tuning', 'data-recommended': recommended ?? '' },
    recommended ? el('div', { class: 'tuning-recommended' }, `Recommended: ${recommended} MB`) : null,
    el('div', { class: 'tuning-chart' }, canvas),
    el('table', { class: 'grid' }, el('thead', {}, el('tr', {}, ...['Memory (MB)', 'Duration (ms)',
      'Cost per invocation (USD)', 'Cost per 1M (USD)', ''].map(h => el('th', {}, h)))), el('tbody', {}, rows)));
  return { card, destroy() { chart.destroy(); } };
}

/** Three significant digits, never in exponent form (0.000000210, 0.546, 12.6). */
function usd(value) {
  if (value === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return value.toFixed(Math.min(digits, 20));
}
