// The console's router: one page module per kind of path, each a stable deep link under /console/.
//   /console/state-machines                 the state machines
//   /console/state-machines/<arn>           one state machine: its graph, its executions, start one
//   /console/state-machines/<arn>/edit      the designer on it; /console/designer the designer on a new one
//   /console/executions/<arn>               one execution, live: graph coloured by status, events, a state's data
//   /console/functions, /console/functions/<name>   functions; one function: configuration, invoke, invocations, logs
//   /console/power-tuning[#link], /console/power-tuning/<execution arn>   power tuning results as charts

const routes = [
  [/^\/console\/?$/, () => ({ redirect: '/console/state-machines' })],
  [/^\/console\/state-machines\/?$/, () => ({ page: 'machines', params: {} })],
  // before the next one, which would take "<arn>/edit" for an ARN (an ARN in a path is encoded: it has no "/")
  [/^\/console\/state-machines\/([^/]+)\/edit\/?$/, m => ({ page: 'designer', params: { arn: decodeURIComponent(m[1]) } })],
  [/^\/console\/designer\/?$/, () => ({ page: 'designer', params: {} })],
  [/^\/console\/state-machines\/(.+)$/, m => ({ page: 'machine', params: { arn: decodeURIComponent(m[1]) } })],
  [/^\/console\/executions\/(.+)$/, m => ({ page: 'execution', params: { arn: decodeURIComponent(m[1]) } })],
  [/^\/console\/functions\/?$/, () => ({ page: 'functions', params: {} })],
  [/^\/console\/functions\/(.+)$/, m => ({ page: 'function', params: { name: decodeURIComponent(m[1]) } })],
  [/^\/console\/power-tuning\/?$/, () => ({ page: 'power-tuning', params: {} })],
  [/^\/console\/power-tuning\/(.+)$/, m => ({ page: 'power-tuning', params: { arn: decodeURIComponent(m[1]) } })],
];

let current = null;   // the page shown: its cleanup (timers) runs when another page replaces it
let generation = 0;   // counts the pages shown, so that a slow page knows it has been left

export function navigate(path, replace = false) {
  if (replace) history.replaceState({}, '', path);
  else history.pushState({}, '', path);
  show();
}

async function show() {
  const path = location.pathname;
  if (current?.leave) current.leave();
  current = null;
  const root = document.getElementById('app');
  for (const [pattern, to] of routes) {
    const m = path.match(pattern);
    if (!m) continue;
    const target = to(m);
    if (target.redirect) return navigate(target.redirect, true);
    document.querySelectorAll('header nav a').forEach(a =>
      a.classList.toggle('active', path.startsWith('/console/' + a.dataset.section)
        || (a.dataset.section === 'state-machines' && path.startsWith('/console/executions'))));
    // each page renders into its own element: a page still loading when the user moves on writes into an element
    // no longer shown, and its timers are stopped as soon as its render ends
    const shown = ++generation;
    const pageRoot = el('div', { class: 'page' });
    root.replaceChildren(pageRoot);
    try {
      const module = await import(`./pages/${target.page}.js`).catch(e => {
        // a module whose fetch the browser lost to a network change stays failed in this document (the module map
        // remembers it): reloading fetches them all again, once
        if (sessionStorage.getItem('stepwise:reloaded') === path) throw e;
        sessionStorage.setItem('stepwise:reloaded', path);
        location.reload();
        return new Promise(() => {});
      });
      sessionStorage.removeItem('stepwise:reloaded');
      const page = (await module.render(pageRoot, target.params)) || null;
      if (shown === generation) current = page;
      else page?.leave?.();
    } catch (e) {
      if (shown === generation) {
        pageRoot.replaceChildren(el('div', { class: 'card error' }, `${e.type || 'Error'}: ${e.message}`));
      }
    }
    return;
  }
  root.replaceChildren(el('div', { class: 'card' }, 'No such page: ', el('code', {}, path), '. ',
    el('a', { href: '/console/state-machines' }, 'State machines')));
}

/** A DOM element: el('a', {href: '/x', class: 'y'}, 'text', child, ...). Strings are text, never HTML. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) e.append(c instanceof Node ? c : String(c));
  return e;
}

export function time(t) {
  if (t === undefined || t === null) return '';
  const d = typeof t === 'number' ? new Date(t * 1000) : new Date(t);
  return d.toLocaleString(undefined, { hour12: false });
}

export function pretty(text) {
  if (text === undefined || text === null) return '';
  try { return JSON.stringify(typeof text === 'string' ? JSON.parse(text) : text, null, 2); } catch { return text; }
}

/** The last part of an ARN, for display. */
export function shortName(arn) { return arn.split(':').slice(-1)[0]; }

document.addEventListener('click', e => {
  const a = e.target.closest('a');
  if (!a || a.target || e.ctrlKey || e.metaKey || e.shiftKey) return;
  const url = new URL(a.href, location.href);
  if (url.origin === location.origin && url.pathname.startsWith('/console')) {
    e.preventDefault();
    navigate(url.pathname + url.search);
  }
});
window.addEventListener('popstate', show);
document.getElementById('endpoint').textContent = location.host;
show();
// the graph's layout worker starts while the first page loads, so the first graph finds elk warm
import('./graph.js').then(g => g.warmUp()).catch(() => {});
