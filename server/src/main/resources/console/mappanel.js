// An execution's Map iterations with a picker: an inline Map's iterations from the history (index, status, duration;
// filter by status; 50 a page, so 10,000 stay fast; a Map inside another Map's iterations lists those of the outer
// iteration picked), and a distributed Map's Map Run: its item counts and its child
// executions (ListExecutions by mapRunArn, a page at a time), each a link to its own page.
import { sfn } from './api.js';
import { el } from './app.js';
import { ancestry, findPath } from './iterations.js';

const PAGE = 50;
const STATUSES = ['SUCCEEDED', 'FAILED', 'ABORTED', 'RUNNING'];

function seconds(start, end) {
  if (start === undefined || end === undefined) return '';
  const s = new Date(end * 1000) - new Date(start * 1000);
  return s < 1000 ? `${s} ms` : `${(s / 1000).toFixed(1)} s`;
}

/** The iterations card; onPick(iteration or undefined) when one is picked or the pick is cleared. */
export function iterationPicker(box, { onPick }) {
  let all = [];
  let byKey = new Map();
  let maps = [];
  let map;
  let status = '';
  let page = 0;
  let picked;
  const mapSelect = el('select', { 'aria-label': 'Map state', id: 'iteration-map' });
  const statusSelect = el('select', { 'aria-label': 'iteration status', id: 'iteration-status' });
  const body = el('tbody');
  const pager = el('div', { class: 'pager' });
  const scope = el('div', { class: 'muted', id: 'iteration-scope' });
  const clear = el('button', { id: 'iteration-clear', hidden: true }, 'All iterations');
  const card = el('div', { class: 'card iterations', id: 'iterations', hidden: true },
    el('div', { class: 'iter-head' }, el('b', {}, 'Iterations'), mapSelect, statusSelect, clear), scope,
    el('div', { class: 'iter-scroll' }, el('table', { class: 'grid compact' }, el('thead', {}, el('tr', {},
      el('th', {}, 'Index'), el('th', {}, 'Status'), el('th', {}, 'Duration'))), body)), pager);
  box.append(card);
  mapSelect.addEventListener('change', () => { map = mapSelect.value; page = 0; render(); });
  statusSelect.addEventListener('change', () => { status = statusSelect.value; page = 0; render(); });
  clear.addEventListener('click', () => { picked = undefined; onPick(undefined); render(); });

  function render() {
    card.hidden = maps.length === 0;
    if (!maps.length) return;
    if (mapSelect.options.length !== maps.length) {
      mapSelect.replaceChildren(...maps.map(m => el('option', { value: m }, m)));
      mapSelect.hidden = maps.length < 2;
    }
    mapSelect.value = map;
    const chain = picked ? ancestry(byKey, picked) : [];
    const ofMap = listed(chain);
    const counts = Object.fromEntries(STATUSES.map(s => [s, 0]));
    for (const it of ofMap) counts[it.status]++;
    statusSelect.replaceChildren(el('option', { value: '' }, `all (${ofMap.length})`),
      ...STATUSES.filter(s => counts[s]).map(s => el('option', { value: s }, `${s.toLowerCase()} (${counts[s]})`)));
    statusSelect.value = counts[status] ? status : '';
    const shown = status && counts[status] ? ofMap.filter(it => it.status === status) : ofMap;
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    page = Math.min(page, pages - 1);
    body.replaceChildren(...shown.slice(page * PAGE, (page + 1) * PAGE).map(it => el('tr', {
      'data-index': it.index, 'data-key': it.key, class: chain.includes(it) ? 'selected' : undefined,
      onclick: () => { picked = it; onPick(it); render(); },
    }, el('td', {}, String(it.index)), el('td', {}, el('span', { class: 'badge ' + it.status }, it.status)),
    el('td', {}, seconds(it.start, it.end)))));
    const first = shown.length ? page * PAGE + 1 : 0;
    pager.replaceChildren(el('button', { disabled: page === 0, onclick: () => { page--; render(); } }, '‹'),
      el('span', { class: 'muted', id: 'iteration-range' }, ` ${first}–${Math.min(shown.length, (page + 1) * PAGE)} of `
        + `${shown.length} `),
      el('button', { disabled: page >= pages - 1, onclick: () => { page++; render(); } }, '›'));
    clear.hidden = !picked;
  }

  /** The iterations of the Map shown: a nested Map's those of the outer iteration picked (none: the scope says so). */
  function listed(chain) {
    const nested = all.find(it => it.map === map && it.parent);
    const outerMap = nested && byKey.get(nested.parent)?.map;
    if (!outerMap) { scope.replaceChildren(); return all.filter(it => it.map === map); }
    const outer = chain.find(it => it.map === outerMap);
    if (!outer) {
      scope.replaceChildren(el('span', { id: 'iteration-hint' }, `${map} runs inside each iteration of ${outerMap}: `
        + `pick an iteration of ${outerMap} first to list its ${map} iterations.`));
      return [];
    }
    scope.textContent = `in ${chain.slice(0, chain.indexOf(outer) + 1).map(it => `${it.map} iteration ${it.index}`)
      .join(' / ')}`;
    return all.filter(it => it.map === map && it.parent === outer.key);
  }

  return {
    /** The iterations placed in the history (iterations.js); keeps the pick and the page. */
    update(iterations) {
      all = iterations;
      byKey = new Map(iterations.map(it => [it.key, it]));
      maps = [...new Set(iterations.map(it => it.map))];
      if (!maps.includes(map)) map = maps[0];
      if (picked) picked = all.find(it => it.key === picked.key) || picked;
      render();
    },
    /** Picks the iteration a path names ([{map, index}], the outermost first: iterations.js findPath), shows its page. */
    pick(path) {
      picked = findPath(all, path);
      if (!picked) return undefined;
      map = picked.map;
      status = '';
      page = Math.floor(listed(ancestry(byKey, picked)).indexOf(picked) / PAGE);
      render();
      return picked;
    },
  };
}

/** A distributed Map's Map Run: DescribeMapRun's item counts and its child executions, a page at a time. */
export function mapRunPanel(box, mapRunArn) {
  const counts = el('div', { class: 'muted', 'data-counts': '' });
  const statusSelect = el('select', { 'aria-label': 'child execution status', id: 'child-status' },
    el('option', { value: '' }, 'all'),
    ...['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']
      .map(s => el('option', { value: s }, s.toLowerCase())));
  const list = el('ul', { class: 'children' });
  const pager = el('div', { class: 'pager' });
  const card = el('div', { class: 'card map-run', 'data-map-run': mapRunArn },
    el('div', { class: 'iter-head' }, el('b', {}, 'Map Run'), statusSelect), counts, list, pager);
  box.append(card);
  const tokens = [undefined];   // the token of each page seen, to go back
  let page = 0;

  async function load() {
    const token = tokens[page];
    const r = await sfn('ListExecutions', { mapRunArn, maxResults: PAGE, ...(statusSelect.value
      ? { statusFilter: statusSelect.value } : {}), ...(token ? { nextToken: token } : {}) });
    tokens[page + 1] = r.nextToken;
    list.replaceChildren(...r.executions.map(x => el('li', { 'data-child': x.executionArn },
      el('a', { href: '/console/executions/' + encodeURIComponent(x.executionArn) }, x.name), ' ',
      el('span', { class: 'badge ' + x.status }, x.status))));
    pager.replaceChildren(el('button', { disabled: page === 0, onclick: () => { page--; load(); } }, '‹'),
      el('span', { class: 'muted' }, ` page ${page + 1} `),
      el('button', { disabled: !r.nextToken, onclick: () => { page++; load(); } }, '›'));
  }
  statusSelect.addEventListener('change', () => { tokens.length = 1; page = 0; load(); });

  return {
    async refresh() {
      try {
        const r = await sfn('DescribeMapRun', { mapRunArn });
        const c = r.itemCounts;
        const e = r.executionCounts;
        counts.textContent = `items: ${c.total} total, ${c.succeeded} succeeded, ${c.failed} failed, ${c.timedOut} `
          + `timed out, ${c.aborted} aborted, ${c.running} running, ${c.pending} pending; child executions: `
          + `${e.total} (${e.succeeded} succeeded, ${e.failed} failed)`;
        await load();
      } catch (err) {
        counts.textContent = `${err.type || 'Error'}: ${err.message}`;
      }
    },
    remove() { card.remove(); },
  };
}
