// The designer's Retry and Catch editors, for the states that take them (Task, Parallel, Map): each retrier and each
// catcher is a row of its fields, with buttons to move it up or down and to remove it. Every control calls
// change(apply) like the rest of the form, so the text is rewritten and the validator judges the values (a
// MaxAttempts of -1 or a BackoffRate of 0.5 is its finding, not the form's). An empty field is left out of the JSON.
import { el } from './app.js';
import * as edit from './designer-edit.js';

/** The error names offered next to each ErrorEquals. */
export const COMMON_ERRORS = ['States.ALL', 'States.TaskFailed', 'States.Timeout', 'Lambda.ServiceException',
  'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];
// the fields in the order they are written (any other field of an entry stays, after these)
const RETRIER = ['ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds', 'JitterStrategy'];
const CATCHER = ['ErrorEquals', 'Next', 'ResultPath'];

/** The entry with `field` set to value (or left out when value is undefined or ''), its fields in ASL's order. */
function withField(entry, field, value, order) {
  const next = { ...(entry && typeof entry === 'object' ? entry : {}) };
  if (value === undefined || value === '') delete next[field]; else next[field] = value;
  const out = {};
  for (const f of order) if (Object.hasOwn(next, f)) out[f] = next[f];
  for (const [f, v] of Object.entries(next)) if (!order.includes(f)) out[f] = v;
  return out;
}

/** "A, B ,, C" as ["A", "B", "C"]; undefined when nothing is left. */
function errorList(text) {
  const list = String(text).split(',').map(s => s.trim()).filter(Boolean);
  return list.length ? list : undefined;
}

/** The Retry and Catch sections of the form for the state `name` (its object: state). */
export function handlerFields(definition, name, state, { change }) {
  const others = edit.siblings(definition, name).filter(o => o !== name);
  return [list('Retry', 'retry', RETRIER, retrierRow, update => el('button', { id: 'add-retry', type: 'button',
    onclick: () => update(items => { items.push({ ErrorEquals: ['States.ALL'] }); }) }, 'Add retrier')),
  list('Catch', 'catch', CATCHER, catcherRow, update => {
    if (!others.length) return '';
    const target = el('select', { id: 'catch-target', 'aria-label': 'the new Catch\'s Next' },
      ...others.map(o => el('option', { value: o }, o)));
    return [el('button', { id: 'add-catch', type: 'button',
      onclick: () => update(items => { items.push({ ErrorEquals: ['States.ALL'], Next: target.value }); }) }, 'Add Catch'),
    'States.ALL →', target];
  })];

  /** A section: one row per entry of state[key], and what adds one (adder(update)). */
  function list(key, prefix, order, row, adder) {
    const entries = Array.isArray(state[key]) ? state[key] : [];
    // every edit of this list: the state's array changed by apply, the field left out once the array is empty
    const update = apply => change(d => {
      const s = edit.locate(d, name).state;
      const items = Array.isArray(s[key]) ? [...s[key]] : [];
      apply(items);
      if (items.length) s[key] = items; else delete s[key];
    });
    const rows = entries.map((entry, i) => {
      const id = `${prefix}-${i}`;
      const set = field => value => update(items => { items[i] = withField(items[i], field, value, order); });
      const move = by => update(items => { [items[i], items[i + by]] = [items[i + by], items[i]]; });
      const errors = text(`${id}-errors`, (entry?.ErrorEquals ?? []).join(', '), v => set('ErrorEquals')(errorList(v)));
      const offer = el('select', { id: `${id}-add-error`, 'aria-label': 'add an error name', onchange: () => {
        const known = Array.isArray(entry?.ErrorEquals) ? entry.ErrorEquals : [];
        if (offer.value && !known.includes(offer.value)) set('ErrorEquals')([...known, offer.value]);
      } }, el('option', { value: '' }, '+ error'), ...COMMON_ERRORS.map(e => el('option', { value: e }, e)));
      return el('fieldset', { class: 'handler', id },
        el('legend', {}, `${key} ${i + 1}`,
          button(`${id}-up`, '↑', 'Move up', i > 0 && (() => move(-1))),
          button(`${id}-down`, '↓', 'Move down', i < entries.length - 1 && (() => move(1))),
          button(`${id}-remove`, '✕', 'Remove', () => update(items => { items.splice(i, 1); }))),
        labelled('ErrorEquals (comma-separated)', el('div', { class: 'error-names' }, errors, offer)),
        ...row(entry ?? {}, id, set));
    });
    return el('section', { class: 'handlers', id: `${prefix}-list` }, el('h3', {}, key), ...rows,
      el('div', { class: 'toolbar' }, adder(update)));
  }

  function retrierRow(entry, id, set) {
    const jitter = el('select', { id: `${id}-jitter`, onchange: () => set('JitterStrategy')(jitter.value) },
      el('option', { value: '' }, '(default: NONE)'), el('option', {}, 'FULL'), el('option', {}, 'NONE'));
    jitter.value = entry.JitterStrategy ?? '';
    return [el('div', { class: 'handler-numbers' },
      labelled('IntervalSeconds', numeric(`${id}-interval`, entry.IntervalSeconds, set('IntervalSeconds'))),
      labelled('MaxAttempts', numeric(`${id}-attempts`, entry.MaxAttempts, set('MaxAttempts'))),
      labelled('BackoffRate', numeric(`${id}-backoff`, entry.BackoffRate, set('BackoffRate'))),
      labelled('MaxDelaySeconds', numeric(`${id}-max-delay`, entry.MaxDelaySeconds, set('MaxDelaySeconds')))),
    labelled('JitterStrategy', jitter)];
  }

  function catcherRow(entry, id, set) {
    const current = typeof entry.Next === 'string' ? entry.Next : '';
    const next = el('select', { id: `${id}-next`, onchange: () => set('Next')(next.value) },
      ...(current ? [] : [el('option', { value: '' }, '(none)')]), ...others.map(o => el('option', { value: o }, o)),
      ...(current && !others.includes(current) ? [el('option', { value: current }, `${current} (missing)`)] : []));
    next.value = current;
    // ResultPath null (the input discarded) is written as the word null
    const path = text(`${id}-result-path`, entry.ResultPath === null ? 'null' : entry.ResultPath,
      v => set('ResultPath')(v.trim() === 'null' ? null : v.trim()));
    path.placeholder = '$ (the error replaces the input)';
    return [labelled('Next', next), labelled('ResultPath', path)];
  }
}

function labelled(label, control) {
  return el('label', { class: 'field' }, el('span', {}, label), control);
}

function text(id, value, onchange) {
  const i = el('input', { type: 'text', id, onchange: () => onchange(i.value) });
  i.value = value ?? '';
  return i;
}

/** A number input; what is not a number (or nothing) leaves the field out. */
function numeric(id, value, onchange) {
  const i = el('input', { type: 'number', step: 'any', id, onchange: () => {
    const n = i.value.trim() === '' ? undefined : Number(i.value);
    onchange(Number.isFinite(n) ? n : undefined);
  } });
  i.value = value ?? '';
  return i;
}

function button(id, label, title, onclick) {
  return el('button', { id, type: 'button', title, 'aria-label': title, disabled: !onclick,
    onclick: onclick || undefined }, label);
}
