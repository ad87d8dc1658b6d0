// The designer: a definition edited as JSON or YAML, the graph redrawn as it is typed (300 ms after the last key),
// the validator's findings (ValidateStateMachineDefinition) listed under the text and marked on the graph; a state
// selected on the graph is edited in a form, and states are inserted, deleted and connected from there. Every edit of
// the form rewrites the text, so the text stays the one truth. Save is UpdateStateMachine (optionally publishing a
// version) for a machine, CreateStateMachine for a new one. Two routes:
//   /console/state-machines/<arn>/edit   an existing machine
//   /console/designer                    a new one (name, type, role)
import { sfn } from '../api.js';
import { el, navigate, shortName } from '../app.js';
import { draw } from '../graphs.js';
import { load as parseYaml, dump as toYaml } from '../lib/js-yaml.mjs';
import * as edit from '../designer-edit.js';
import { stateForm } from '../designer-form.js';

const ROLE = 'arn:aws:iam::123456789012:role/stepwise';
const STARTER = { Comment: 'A new state machine', StartAt: 'Hello', States: { Hello: { Type: 'Pass', End: true } } };

export async function render(root, { arn } = {}) {
  if (!document.getElementById('designer-styles')) {
    document.head.append(el('link', { rel: 'stylesheet', href: '/console/designer.css', id: 'designer-styles' }));
  }
  const machine = arn ? await sfn('DescribeStateMachine', { stateMachineArn: arn }) : null;
  let format = 'json';
  let definition = machine ? JSON.parse(machine.definition) : structuredClone(STARTER);
  let selected = null, graph = null, timer = null, generation = 0;

  const text = el('textarea', { id: 'definition', spellcheck: 'false', 'aria-label': 'definition' });
  text.value = machine ? machine.definition : JSON.stringify(definition, null, 2);
  const formatButtons = ['json', 'yaml'].map(f => el('button', { id: 'format-' + f, type: 'button',
    onclick: () => switchFormat(f) }, f.toUpperCase()));
  const findings = el('ul', { id: 'findings', class: 'findings', 'data-result': 'pending' });
  const box = el('div', { class: 'graph-box designer-graph', id: 'graph' });
  const panel = el('div', { id: 'state-panel', class: 'card' });

  // saving: an update (and maybe a version) of this machine, or a new machine
  const name = el('input', { type: 'text', id: 'machine-name', placeholder: 'name', 'aria-label': 'name' });
  const type = el('select', { id: 'machine-type', 'aria-label': 'type', onchange: () => refresh() },
    el('option', {}, 'STANDARD'), el('option', {}, 'EXPRESS'));
  const role = el('input', { type: 'text', id: 'role-arn', 'aria-label': 'role ARN' });
  role.value = ROLE;
  const publish = el('input', { type: 'checkbox', id: 'publish' });
  const description = el('input', { type: 'text', id: 'version-description', placeholder: 'version description (optional)' });
  const save = el('button', { class: 'primary', id: 'save', onclick: () => saveIt() }, machine ? 'Save' : 'Create');
  const saved = el('div', { id: 'saved', class: 'muted' });
  const saveError = el('div', { id: 'save-error', class: 'error' });

  const title = machine ? machine.name : 'New state machine';
  root.append(el('div', { class: 'crumbs' }, el('a', { href: '/console/state-machines' }, 'State machines'), ' / ',
    machine ? el('a', { href: '/console/state-machines/' + encodeURIComponent(arn) }, machine.name) : 'new', ' / designer'),
  el('h1', {}, 'Designer: ' + title),
  el('div', { class: 'card designer-save' },
    machine ? el('span', { class: 'muted' }, `${machine.type} · ${shortName(arn)}`)
      : el('span', { class: 'designer-new' }, name, type, role),
    el('label', {}, publish, ' publish a new version'), description, save, saved, saveError),
  el('div', { class: 'designer' },
    el('div', { class: 'designer-text' }, el('div', { class: 'toolbar' }, ...formatButtons,
      el('span', { class: 'muted' }, 'the graph follows the text')), text, el('h2', {}, 'Findings'), findings),
    box, panel));

  text.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(refresh, 300); });
  text.addEventListener('keydown', e => {
    if (e.key !== 'Tab') return;   // a tab indents rather than leaving the text
    e.preventDefault();
    text.setRangeText('  ', text.selectionStart, text.selectionEnd, 'end');
    text.dispatchEvent(new Event('input'));
  });

  function parse(source) {
    if (format === 'yaml') return parseYaml(source);
    return JSON.parse(source);
  }
  function serialize(value) {
    return format === 'yaml' ? toYaml(value, { lineWidth: 120, noRefs: true }) : JSON.stringify(value, null, 2);
  }

  function switchFormat(to) {
    if (to === format) return;
    let value;
    try { value = parse(text.value); } catch { return; }   // the toggle waits for text that parses
    format = to;
    text.value = serialize(value);
    refresh();
  }

  /** Parses the text, redraws the graph and asks the validator; a later call makes an earlier one's results moot. */
  async function refresh() {
    clearTimeout(timer);
    const mine = ++generation;
    formatButtons.forEach(b => b.classList.toggle('active', b.id === 'format-' + format));
    let value;
    try {
      value = parse(text.value);
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('a definition is an object');
    } catch (e) {
      const line = edit.errorLine(e, text.value);
      text.classList.add('invalid');
      save.disabled = true;
      findings.dataset.result = 'parse-error';
      findings.replaceChildren(el('li', { class: 'error parse-error' }, `Not ${format.toUpperCase()}`,
        line ? ` (line ${line})` : '', ': ', String(e.reason || e.message).split('\n')[0]));
      return;
    }
    text.classList.remove('invalid');
    save.disabled = false;
    definition = value;
    const fresh = el('div', { class: 'graph-layer' });
    const next = await draw(fresh, definition, { onSelect: name => pick(name, false) });
    if (mine !== generation) { next.destroy(); return; }
    graph?.destroy();
    box.replaceChildren(fresh);
    graph = next;
    if (selected && edit.locate(definition, selected)) graph.select(selected);
    else selected = null;
    showPanel();
    let result;
    try {
      result = await sfn('ValidateStateMachineDefinition', { definition: JSON.stringify(definition),
        type: machine ? machine.type : type.value });
    } catch (e) {
      result = { result: 'FAIL', diagnostics: [{ severity: 'ERROR', code: e.type, message: e.message }] };
    }
    if (mine !== generation) return;
    showFindings(result);
  }

  function showFindings(result) {
    const list = result.diagnostics || [];
    findings.dataset.result = result.result;
    graph.markFindings(list.map(d => ({ state: edit.stateOf(d.location), message: d.message })));
    findings.replaceChildren(...(list.length ? list.map(d => {
      const state = edit.stateOf(d.location);
      return el('li', { class: 'finding ' + String(d.severity).toLowerCase(), 'data-state': state ?? '', tabindex: 0,
        onclick: () => { if (state) pick(state, true); toText(d.location); } },
      el('code', {}, d.location || '/'), ' ', el('span', { class: 'muted' }, d.code), el('br'), d.message);
    }) : [el('li', { class: 'ok' }, 'The validator finds nothing wrong.')]));
  }

  /** Moves the cursor to where a location is in the text, and scrolls it into view. */
  function toText(location) {
    const range = edit.textRange(text.value, location);
    if (!range) return;
    text.focus();
    text.setSelectionRange(range[0], range[1]);
    const line = text.value.slice(0, range[0]).split('\n').length;
    const height = parseFloat(getComputedStyle(text).lineHeight) || 17;
    text.scrollTop = Math.max(0, (line - 4) * height);
  }

  function pick(name, onGraph) {
    selected = name;
    if (onGraph) graph?.select(name);
    showPanel();
  }

  function showPanel() {
    const found = selected && edit.locate(definition, selected);
    if (!found) {
      panel.replaceChildren(el('p', { class: 'muted' }, 'Click a state on the graph to edit it here.'));
      return;
    }
    panel.replaceChildren(...stateForm(definition, selected, found.state, { change }));
  }

  /** An edit from the form: applied to the definition, written back as the text, redrawn at once. */
  function change(apply) {
    apply(definition);
    text.value = serialize(definition);
    refresh();
  }

  async function saveIt() {
    let value;
    try { value = parse(text.value); } catch { return; }
    const body = format === 'json' ? text.value : JSON.stringify(value, null, 2);
    save.disabled = true;
    saved.textContent = '';
    saveError.textContent = '';
    const version = publish.checked
      ? { publish: true, ...(description.value ? { versionDescription: description.value } : {}) } : {};
    try {
      if (machine) {
        const r = await sfn('UpdateStateMachine', { stateMachineArn: arn, definition: body, ...version });
        saved.replaceChildren('Saved', r.stateMachineVersionArn ? ' as version ' : '.',
          r.stateMachineVersionArn ? el('code', { id: 'version-arn' }, r.stateMachineVersionArn) : '');
      } else {
        const r = await sfn('CreateStateMachine', { name: name.value, type: type.value, roleArn: role.value,
          definition: body, ...version });
        navigate('/console/state-machines/' + encodeURIComponent(r.stateMachineArn));
      }
    } catch (e) {
      saveError.textContent = `${e.type || 'Error'}: ${e.message}`;
    } finally {
      save.disabled = false;
    }
  }

  await refresh();
  return { leave() { clearTimeout(timer); generation++; graph?.destroy(); } };
}
