import { lambda, send } from '../api.js';
import { el, pretty } from '../app.js';

/** A function: its configuration, versions and aliases, invoke with a payload (result and log tail), recent invocations. */
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
  async function recent() {
    const r = await send('/stepwise/v1/functions/' + encodeURIComponent(name) + '/invocations?limit=20');
    const list = r.ok ? (await r.json()).Invocations : [];
    invocations.replaceChildren(...list.map(i => el('tr', {}, el('td', {}, i.StartTime), el('td', {}, i.RequestId),
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
    el('table', { class: 'grid', id: 'invocations' }, el('thead', {}, el('tr', {}, ...['Start', 'Request ID', 'Duration ms',
      'Billed ms', 'Max memory used', 'Init ms', 'Result'].map(h => el('th', {}, h)))), invocations));
  await recent();
}
