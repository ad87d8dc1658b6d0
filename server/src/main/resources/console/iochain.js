// A state's data flow, step by step: InputPath → Parameters (or Arguments) → result → ResultSelector → ResultPath →
// OutputPath, for a Task, Pass, Parallel or Map that has exited. The server's TestState (inspection level DEBUG) runs
// the state once more on its entered input, with the task's real result from the history as a mock, so nothing is
// invoked again. A state TestState cannot test shows the reason.
import { sfn } from './api.js';
import { el, pretty } from './app.js';
import { placeIterations } from './iterations.js';

const TYPES = ['Task', 'Pass', 'Parallel', 'Map'];
const RESULT = /^(Task|LambdaFunction|Activity)Succeeded$/;
const FAILED = /^(Task|LambdaFunction|Activity)(Failed|TimedOut)$/;

/** A state's definition anywhere in a machine (Parallel branches, Map iterators included). */
export function findState(definition, name) {
  const states = definition?.States || {};
  if (states[name]) return states[name];
  for (const s of Object.values(states)) {
    for (const inner of [...(s.Branches || []), s.ItemProcessor, s.Iterator]) {
      const found = inner && findState(inner, name);
      if (found) return found;
    }
  }
  return undefined;
}

/** What the last entry of a state (entered → exited events) says its task came to: {result} or {error, cause}. */
function outcome(events, entered, exited) {
  const byId = new Map(events.map(e => [e.id, e]));
  let attempts = 0;
  let last;
  for (let e = byId.get(exited.previousEventId); e && e.id > entered.id; e = byId.get(e.previousEventId)) {
    if (/Scheduled$/.test(e.type)) attempts++;
    if (!last && RESULT.test(e.type)) last = { result: Object.values(e).find(v => v?.output !== undefined)?.output };
    if (!last && FAILED.test(e.type)) {
      const d = Object.values(e).find(v => v && typeof v === 'object' && ('error' in v || 'cause' in v)) || {};
      last = { error: d.error ?? 'States.TaskFailed', cause: d.cause ?? '' };
    }
  }
  return { ...last, retries: Math.max(0, attempts - 1) };
}

const STEPS = [
  ['input', 'Input', () => ''],
  ['afterInputPath', 'InputPath', s => s.InputPath],
  ['afterParameters', 'Parameters', s => s.Parameters && 'Parameters'],
  ['afterArguments', 'Arguments', s => s.Arguments && 'Arguments'],
  ['afterItemsPath', 'ItemsPath', s => s.ItemsPath],
  ['result', 'Result', s => s.Result !== undefined && 'Result'],
  ['afterResultSelector', 'ResultSelector', s => s.ResultSelector && 'ResultSelector'],
  ['afterResultPath', 'ResultPath', s => s.ResultPath === null ? 'null (input kept)' : s.ResultPath],
  ['afterOutputPath', 'OutputPath', s => s.OutputPath],
];

/**
 * The request TestState gets for a state's last entry, or {reason} when the chain cannot be told for it.
 * `state` is what history.analyse says of it.
 */
export function request(machine, name, state, events) {
  const def = findState(machine, name);
  if (!def || !TYPES.includes(def.Type)) return { reason: 'The chain is shown for Task, Pass, Parallel and Map states.' };
  if (!state?.exited) return { reason: 'The chain is shown once the state has exited.' };
  const input = state.entered.stateEnteredEventDetails.input ?? '{}';
  const body = { definition: JSON.stringify(machine), stateName: name, input, inspectionLevel: 'DEBUG' };
  if (def.Type === 'Pass') return body;
  if (def.Type === 'Task') {
    const o = outcome(events, state.entered, state.exited);
    if (o.result === undefined && o.error === undefined) return { reason: 'The history has no result for this task.' };
    body.mock = o.result !== undefined ? { result: o.result, fieldValidationMode: 'NONE' }
      : { errorOutput: { error: o.error, cause: o.cause } };
    if (o.retries) body.stateConfiguration = { retrierRetryCount: o.retries };
    return body;
  }
  if (def.QueryLanguage === 'JSONata' || machine.QueryLanguage === 'JSONata') {
    return { reason: `The chain of a JSONata ${def.Type} is not shown yet.` };
  }
  // a Map's or Parallel's result is its branches' outputs: each branch's last state exited, read from the history
  const result = branchResults(def, name, state, events);
  if (result === undefined) {
    if (def.ResultSelector || (def.ResultPath !== undefined && def.ResultPath !== '$') || (def.OutputPath ?? '$') !== '$') {
      return { reason: `The ${def.Type}'s result (its branches' outputs) is not in this history, so its chain cannot be shown.` };
    }
    body.mock = { result: state.exited.stateExitedEventDetails.output, fieldValidationMode: 'NONE' };
  } else {
    body.mock = { result, fieldValidationMode: 'NONE' };
  }
  return body;
}

/**
 * The array a Parallel's branches or an inline Map's iterations made, as JSON text, from the events of the state's
 * last entry: per Map iteration the output of the last state it exited, per Parallel branch that of the last of the
 * branch's own states exited. Undefined when it cannot be told (a distributed Map's children are executions of their
 * own; a branch without an exit).
 */
function branchResults(def, name, state, events) {
  const from = state.entered.id;
  const to = state.exited.id;
  const inRange = events.filter(e => e.id > from && e.id < to);
  const outputOf = e => JSON.parse(e.stateExitedEventDetails.output ?? 'null');
  if (def.Type === 'Map' && (def.ItemReader || def.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED')) {
    return undefined;
  }
  // concurrent iterations of an enclosing Map run the same states: only this entry's own scope counts
  const placed = placeIterations(events);
  const scope = placed.member.get(from);
  if (def.Type === 'Map') {
    const last = new Map();   // iteration key → its last StateExited directly inside it
    for (const e of inRange) if (e.type.endsWith('StateExited')) last.set(placed.member.get(e.id), e);
    const results = [];
    for (const it of placed.iterations) {
      if (it.map !== name || it.parent !== scope || it.key < from || it.key > to) continue;
      if (it.status !== 'SUCCEEDED' || !last.has(it.key)) continue;
      results[it.index] = outputOf(last.get(it.key));   // a redriven iteration's later run replaces the earlier
    }
    const started = inRange.find(e => e.type === 'MapStateStarted');
    const length = started?.mapStateStartedEventDetails?.length ?? results.length;
    if (results.length !== length || results.some(r => r === undefined) || Object.keys(results).length !== length) {
      return undefined;
    }
    return JSON.stringify(results);
  }
  const results = [];
  for (const branch of def.Branches || []) {
    const names = new Set(Object.keys(branch.States || {}));
    const exit = inRange.findLast(e => e.type.endsWith('StateExited') && names.has(e.stateExitedEventDetails.name)
      && placed.member.get(e.id) === scope);
    if (!exit) return undefined;
    results.push(outputOf(exit));
  }
  return JSON.stringify(results);
}

/** An element that fills itself with the chain of `name`'s last entry. */
export function ioChain(machine, name, state, events) {
  const box = el('div', { id: 'io-chain', class: 'io-chain' }, el('div', { class: 'muted' }, 'Data flow…'));
  const req = request(machine, name, state, events);
  if (req.reason) {
    box.replaceChildren(el('div', { class: 'muted', 'data-reason': '' }, req.reason));
    return box;
  }
  const def = findState(machine, name);
  sfn('TestState', req).then(r => {
    const data = r.inspectionData || {};
    const steps = [];
    for (const [key, label, expr] of STEPS) {
      // TestState tells a Map's or Parallel's result only through its mock: the branches' outputs read above
      const value = key === 'afterOutputPath' ? r.output
        : key === 'result' && data.result === undefined && def.Type !== 'Task' ? req.mock?.result : data[key];
      if (value === undefined) continue;
      const detail = expr(def);
      steps.push(el('div', { class: 'io-step', 'data-step': key },
        el('div', { class: 'io-label' }, key === 'input' ? 'Input' : `→ ${label}`,
          detail && detail !== label ? el('code', {}, ' ', String(detail)) : ''),
        el('pre', {}, pretty(value))));
    }
    const actual = state.exited.stateExitedEventDetails.output;
    const same = r.output === undefined || actual === undefined || sameJson(r.output, actual);
    box.replaceChildren(el('div', {}, 'Data flow ', el('span', { class: 'muted' }, '(TestState, with the recorded result)')),
      ...steps,
      r.status !== 'SUCCEEDED' ? el('div', { class: 'muted' }, `TestState: ${r.status}`
        + (r.error ? ` ${r.error}` : '') + (r.nextState ? ` → ${r.nextState}` : '')) : '',
      same ? '' : el('div', { class: 'error', id: 'io-chain-differs' }, 'This differs from the execution\'s output '
        + '(the state may read the context object $$ or variables, which TestState fills differently).'));
  }, e => {
    box.replaceChildren(el('div', { class: 'muted', 'data-reason': '' },
      `TestState cannot show this state's data flow: ${e.type || 'Error'}: ${e.message}`));
  });
  return box;
}

function sameJson(a, b) {
  try { return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b)); } catch { return a === b; }
}
