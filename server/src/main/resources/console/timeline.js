// The timeline (Gantt) of an execution: one row per state (in the order first entered), one bar per entry of it
// (entered → exited, or → the execution's end / now when it did not exit), coloured by outcome, each task attempt a
// segment inside its bar (a failed attempt red, the retry after it marked). A state entered many times (a Map's
// iterations) gets a density strip instead of its bars, and rows stop at MAX_ROWS, so a 10,000-item Map stays fast.
import { el } from './app.js';

const MAX_ROWS = 200;
const MAX_BARS = 40;        // more entries than this in one row: a density strip
const BINS = 120;
const ATTEMPT_START = /^(Task|LambdaFunction|Activity)Scheduled$/;
const ATTEMPT_END = /^(Task|LambdaFunction|Activity)(Succeeded|Failed|TimedOut|StartFailed|SubmitFailed|ScheduleFailed)$/;
const STATE_FAILED = /^(Task|LambdaFunction|Activity|Map|Parallel|Execution)?.*(Failed|TimedOut)$/;

/** The entries of each state from a history: [{name, entries: [{start, end, exited, outcome, attempts}]}]. */
export function entriesOf(events, execution) {
  const byId = new Map();
  const rows = new Map();
  const open = new Map();   // state name → its entries not exited yet (a stack: Map iterations overlap)
  const now = Date.now() / 1000;
  const running = execution.status === 'RUNNING';
  const end = execution.stopDate ?? (events.length ? Math.max(now, events[events.length - 1].timestamp) : now);
  for (const e of events) {
    let entry;
    if (e.type.endsWith('StateEntered')) {
      const name = e.stateEnteredEventDetails.name;
      if (!rows.has(name)) rows.set(name, { name, entries: [] });
      entry = { name, start: e.timestamp, end: undefined, exited: false, attempts: [], failed: false, id: e.id };
      rows.get(name).entries.push(entry);
      (open.get(name) || open.set(name, []).get(name)).push(entry);
    } else if (e.type.endsWith('StateExited')) {
      const stack = open.get(e.stateExitedEventDetails.name) || [];
      entry = stack.pop();
      if (entry) { entry.end = e.timestamp; entry.exited = true; }
    } else {
      entry = byId.get(e.previousEventId);
      if (entry && ATTEMPT_START.test(e.type)) entry.attempts.push({ start: e.timestamp, end: undefined, ok: undefined });
      else if (entry && ATTEMPT_END.test(e.type)) {
        const a = entry.attempts.at(-1);
        if (a && a.end === undefined) { a.end = e.timestamp; a.ok = e.type.endsWith('Succeeded'); }
        entry.failed = !e.type.endsWith('Succeeded');
      } else if (entry && STATE_FAILED.test(e.type) && !e.type.startsWith('MapIteration')) entry.failed = true;
      else if (entry && /Succeeded$/.test(e.type)) entry.failed = false;
    }
    if (entry) byId.set(e.id, entry);
  }
  for (const row of rows.values()) {
    for (const x of row.entries) {
      if (!x.exited) x.end = end;
      x.outcome = x.exited ? (x.failed ? 'caught' : 'succeeded') : running ? 'running' : x.failed
        || execution.status === 'FAILED' ? 'failed' : 'cancelled';
      for (const a of x.attempts) if (a.end === undefined) a.end = x.end;
      x.retries = Math.max(0, x.attempts.length - 1);
    }
  }
  return [...rows.values()];
}

/** Draws the timeline into container; returns {update(events, execution)}. onSelect(name) on a click. */
export function timeline(container, { onSelect } = {}) {
  const body = el('div', { class: 'tl-body' });
  container.append(body);
  body.addEventListener('click', e => {
    const target = e.target.closest('[data-state]');
    if (target) onSelect?.(target.dataset.state);
  });
  return {
    update(events, execution) {
      const rows = entriesOf(events, execution);
      if (!rows.length) { body.replaceChildren(el('p', { class: 'muted' }, 'No state entered yet.')); return; }
      const t0 = execution.startDate ?? rows[0].entries[0].start;
      const t1 = Math.max(t0 + 0.001, ...rows.map(r => Math.max(...r.entries.map(x => x.end))));
      const span = t1 - t0;
      const pct = t => Math.min(99.7, 100 * (t - t0) / span).toFixed(3) + '%';   // an instant at the end stays seen
      const width = (a, b) => Math.max(0.15, 100 * (b - a) / span).toFixed(3) + '%';
      const shown = rows.slice(0, MAX_ROWS);
      body.replaceChildren(axis(span),
        ...shown.map(r => el('div', { class: 'tl-row', 'data-row': r.name },
          el('div', { class: 'tl-label', 'data-state': r.name, title: r.name }, r.name,
            r.entries.length > 1 ? el('span', { class: 'muted' }, ` ×${r.entries.length}`) : ''),
          el('div', { class: 'tl-track' }, ...(r.entries.length > MAX_BARS ? density(r, t0, span)
            : r.entries.map(x => bar(x, pct, width)))))),
        rows.length > MAX_ROWS ? el('p', { class: 'muted', id: 'timeline-capped' },
          `Showing the first ${MAX_ROWS} of ${rows.length} states.`) : '');
    },
  };
}

function bar(x, pct, width) {
  const title = `${x.name}: ${x.outcome}, ${(x.end - x.start).toFixed(3)} s`
    + (x.retries ? `, ${x.retries} ${x.retries > 1 ? 'retries' : 'retry'}` : '');
  return el('div', { class: `tl-bar tl-${x.outcome}`, 'data-state': x.name, 'data-outcome': x.outcome,
    'data-retries': x.retries, title, style: `left:${pct(x.start)};width:${width(x.start, x.end)}` },
  ...x.attempts.map((a, i) => el('span', { class: 'tl-attempt ' + (a.ok === false ? 'tl-attempt-failed' : 'tl-attempt-ok'),
    'data-attempt': i + 1, title: `attempt ${i + 1}: ${a.ok === false ? 'failed' : a.ok ? 'succeeded' : 'running'}`,
    style: `left:${rel(x, a.start)};width:${Math.max(0.5, relW(x, a.start, a.end))}%` })),
  ...x.attempts.slice(1).map(a => el('span', { class: 'tl-retry', title: 'retry', style: `left:${rel(x, a.start)}` })));
}

const rel = (x, t) => (x.end > x.start ? 100 * (t - x.start) / (x.end - x.start) : 0).toFixed(2) + '%';
const relW = (x, a, b) => (x.end > x.start ? 100 * (b - a) / (x.end - x.start) : 100);

/** Many entries in one row: how many were in progress in each slice of time, as shades, and the failures in red. */
function density(r, t0, span) {
  const busy = new Array(BINS).fill(0);
  const bad = new Array(BINS).fill(0);
  const bin = t => Math.min(BINS - 1, Math.max(0, Math.floor(BINS * (t - t0) / span)));
  for (const x of r.entries) {
    for (let i = bin(x.start); i <= bin(x.end); i++) busy[i]++;
    if (x.outcome === 'failed' || x.outcome === 'caught') bad[bin(x.end)]++;
  }
  const top = Math.max(1, ...busy);
  return [el('div', { class: 'tl-density', 'data-state': r.name, title: `${r.entries.length} entries` },
    ...busy.map((n, i) => el('span', { class: bad[i] ? 'tl-bin tl-bin-bad' : 'tl-bin',
      style: `opacity:${n ? (0.2 + 0.8 * n / top).toFixed(2) : 0}` })))];
}

function axis(span) {
  const steps = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900,
    1800, 3600, 7200, 21600, 43200, 86400];
  const step = steps.find(s => span / s <= 8) ?? span / 8;
  const ticks = [];
  for (let t = 0; t <= span + 1e-9; t += step) {
    ticks.push(el('span', { class: 'tl-tick', style: `left:${(100 * t / span).toFixed(3)}%` }, label(t, step)));
  }
  return el('div', { class: 'tl-row tl-axis' }, el('div', { class: 'tl-label muted' }, 'time'),
    el('div', { class: 'tl-track' }, ...ticks));
}

function label(t, step) {
  if (step < 1) return `${(t * 1000).toFixed(0)} ms`;
  if (step < 60) return `${t.toFixed(0)} s`;
  if (step < 3600) return `${(t / 60).toFixed(step % 60 ? 1 : 0)} min`;
  return `${(t / 3600).toFixed(step % 3600 ? 1 : 0)} h`;
}
