// The designer's form for one selected state: its main fields, the buttons that insert, delete and connect states,
// and a Task's, Parallel's or Map's Retry and Catch lists (designer-handlers.js).
// Each control calls change(apply) with an edit of the definition; the designer rewrites the text from it.
import { el } from './app.js';
import * as edit from './designer-edit.js';
import { handlerFields } from './designer-handlers.js';

const TYPES = ['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'];
const END = '';   // the "End" option of a Next select

/** The form's elements for the state `name` (its object: state) of definition. */
export function stateForm(definition, name, state, { change }) {
  const others = edit.siblings(definition, name);
  const set = (field, value) => change(d => {
    const s = edit.locate(d, name).state;
    if (value === undefined || value === '') delete s[field]; else s[field] = value;
  });
  const fields = [];
  const field = (label, control) => fields.push(el('label', { class: 'field' }, el('span', {}, label), control));
  const input = (id, value, onchange, type = 'text') => {
    const i = el('input', { type, id, onchange: () => onchange(i.value) });
    i.value = value ?? '';
    return i;
  };
  const json = (id, value, apply) => {
    const area = el('textarea', { id, rows: 4, spellcheck: 'false' });
    area.value = value === undefined ? '' : JSON.stringify(value, null, 2);
    area.addEventListener('change', () => {
      if (area.value.trim() === '') return apply(undefined);
      try { apply(JSON.parse(area.value)); area.classList.remove('invalid'); } catch { area.classList.add('invalid'); }
    });
    return area;
  };
  const choose = (id, options, value, onchange) => {
    const s = el('select', { id, onchange: () => onchange(s.value) },
      ...options.map(([v, text]) => el('option', { value: v }, text)));
    s.value = value;
    return s;
  };
  const number = v => (v === '' ? undefined : Number(v));

  field('Type', choose('state-type', TYPES.map(t => [t, t]), state.Type, v => set('Type', v)));
  field('Comment', input('state-comment', state.Comment, v => set('Comment', v)));
  if (edit.flows(state)) {
    const current = state.End === true ? END : typeof state.Next === 'string' ? state.Next : END;
    const options = [[END, '(End)'], ...others.filter(o => o !== name).map(o => [o, o])];
    if (current !== END && !others.includes(current)) options.push([current, `${current} (missing)`]);
    field('Next (Set Next)', choose('set-next', options, current,
      v => change(d => edit.setNext(d, name, v === END ? null : v))));
  }
  switch (state.Type) {
    case 'Task':
      field('Resource', input('state-resource', state.Resource, v => set('Resource', v)));
      field('Parameters (JSON)', json('state-parameters', state.Parameters, v => set('Parameters', v)));
      field('TimeoutSeconds', input('state-timeout', state.TimeoutSeconds, v => set('TimeoutSeconds', number(v)), 'number'));
      break;
    case 'Wait':
      field('Seconds', input('state-seconds', state.Seconds, v => set('Seconds', number(v)), 'number'));
      break;
    case 'Pass':
      field('Result (JSON)', json('state-result', state.Result, v => set('Result', v)));
      break;
    case 'Choice':
      field('Default', choose('state-default', [['', '(none)'], ...others.filter(o => o !== name).map(o => [o, o])],
        state.Default ?? '', v => set('Default', v)));
      break;
    case 'Fail':
      field('Error', input('state-error', state.Error, v => set('Error', v)));
      field('Cause', input('state-cause', state.Cause, v => set('Cause', v)));
      break;
    default:
  }

  const buttons = [];
  if (edit.flows(state)) {
    buttons.push(el('button', { id: 'insert-after', type: 'button', title: 'A Pass state between this one and its Next',
      onclick: () => change(d => edit.insertAfter(d, name)) }, 'Insert state after'));
  }
  buttons.push(el('button', { id: 'delete-state', class: 'danger', type: 'button',
    title: 'What pointed at it points at its Next', onclick: () => change(d => edit.deleteState(d, name)) }, 'Delete state'));
  const handlers = edit.catches(state) ? handlerFields(definition, name, state, { change }) : [];
  return [el('h2', { class: 'state-title' }, name), ...fields, el('div', { class: 'toolbar' }, ...buttons), ...handlers];
}
