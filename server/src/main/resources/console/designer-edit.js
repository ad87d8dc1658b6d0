// The designer's edits of a definition (a parsed ASL object), done in place, and where things are in its text.
// A state is found by name in any scope (the machine, a Parallel's branch, a Map's ItemProcessor or Iterator); an
// edit rewires only its own scope, as ASL transitions never leave one.

/** Every scope of a definition: the objects holding StartAt and States, nested ones included. */
export function scopes(definition) {
  const out = [];
  const walk = machine => {
    if (!machine || typeof machine !== 'object' || !machine.States || typeof machine.States !== 'object') return;
    out.push(machine);
    for (const state of Object.values(machine.States)) {
      if (!state || typeof state !== 'object') continue;
      if (Array.isArray(state.Branches)) state.Branches.forEach(walk);
      walk(state.ItemProcessor);
      walk(state.Iterator);
    }
  };
  walk(definition);
  return out;
}

/** The scope holding the state named `name` and the state itself, or null. */
export function locate(definition, name) {
  for (const scope of scopes(definition)) {
    const state = scope.States[name];
    if (state && typeof state === 'object' && Object.hasOwn(scope.States, name)) return { scope, state };
  }
  return null;
}

/** The names of the states of the scope holding `name` (all top-level states when name is null). */
export function siblings(definition, name) {
  const scope = name ? locate(definition, name)?.scope : definition;
  return Object.keys(scope?.States ?? {});
}

/** A name no state of the definition has yet: Pass, Pass 2, Pass 3, ... */
export function uniqueName(definition, base = 'Pass') {
  const taken = new Set(scopes(definition).flatMap(s => Object.keys(s.States)));
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base} ${i}`;
  return name;
}

/** Can a state of this type have a Next (or End)? */
export const flows = state => !['Choice', 'Succeed', 'Fail'].includes(state?.Type);
/** Can a state of this type have a Catch? */
export const catches = state => ['Task', 'Parallel', 'Map'].includes(state?.Type);

/** Points `name` at `next`, or makes it an end state when next is null. */
export function setNext(definition, name, next) {
  const { state } = locate(definition, name);
  if (next === null) { delete state.Next; state.End = true; } else { delete state.End; state.Next = next; }
}

/** A Pass state, uniquely named, between `name` and what followed it. Returns its name. */
export function insertAfter(definition, name) {
  const { scope, state } = locate(definition, name);
  const added = uniqueName(definition);
  const pass = state.End === true || !('Next' in state) ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: state.Next };
  setNext(definition, name, added);
  scope.States = Object.fromEntries(Object.entries(scope.States).flatMap(([k, v]) => (k === name ? [[k, v], [added, pass]] : [[k, v]])));
  return added;
}

/**
 * Deletes the state `name`; what pointed at it points at its Next instead. When it had no Next (an end, a Choice), a
 * plain Next to it becomes End, and a Choice rule, a Default, a Catch or StartAt still names it: the validator flags it.
 */
export function deleteState(definition, name) {
  const { scope, state } = locate(definition, name);
  const next = typeof state.Next === 'string' && state.Next !== name ? state.Next : null;
  delete scope.States[name];
  if (scope.StartAt === name && next) scope.StartAt = next;
  for (const other of Object.values(scope.States)) {
    if (!other || typeof other !== 'object') continue;
    if (other.Next === name) {
      if (next) other.Next = next;
      else { delete other.Next; other.End = true; }
    }
    if (other.Default === name && next) other.Default = next;
    for (const list of [other.Choices, other.Catch]) {
      for (const item of Array.isArray(list) ? list : []) if (item?.Next === name && next) item.Next = next;
    }
  }
}

/**
 * The state a finding's location names: the segment after the last "States" (AWS writes /States/Charge/Next,
 * /States/P/Branches[0]/States/Inner/Next); null for the definition itself or its StartAt.
 */
export function stateOf(location) {
  const parts = String(location ?? '').split('/');
  const i = parts.lastIndexOf('States');
  return i >= 0 && i + 1 < parts.length && parts[i + 1] !== '' ? parts[i + 1] : null;
}

/**
 * Where a finding's location is in the text, roughly: the state's key, then the field after it (Next, Resource, ...).
 * Returns [start, end] offsets, or null. Works for the JSON the designer writes and for YAML.
 */
export function textRange(text, location) {
  const state = stateOf(location);
  const parts = String(location ?? '').split('/').filter(Boolean);
  const field = parts.at(-1)?.replace(/\[\d+\]$/, '');
  const find = (key, from) => {
    const quoted = text.indexOf(JSON.stringify(key), from);
    if (quoted >= 0) return [quoted, quoted + JSON.stringify(key).length];
    const m = new RegExp(`^[ \\t-]*['"]?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]?\\s*:`, 'm').exec(text.slice(from));
    return m ? [from + m.index + m[0].length - key.length - 1, from + m.index + m[0].length - 1] : null;
  };
  const at = state ? find(state, text.indexOf('States')) : null;
  if (!field || field === state) return at;
  return find(field, at ? at[1] : 0) ?? at;
}

/** The 1-based line of a parse error: YAML's mark, JSON.parse's "line N" or "position N", or where jsonError stops. */
export function errorLine(error, text) {
  if (error?.mark && Number.isInteger(error.mark.line)) return error.mark.line + 1;
  const line = /\(line (\d+) column/.exec(error?.message ?? '');
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(error?.message ?? '') ?? [null, jsonError(text)];
  return position[1] === null ? null : text.slice(0, Number(position[1])).split('\n').length;
}

/**
 * The offset where JSON text stops being JSON (V8's JSON.parse no longer always says), or null when it parses. A small
 * recursive descent over the grammar of RFC 8259; it only locates, JSON.parse still parses.
 */
export function jsonError(text) {
  let i = 0;
  const space = () => { while (/[ \t\n\r]/.test(text[i] ?? '')) i++; };
  const fail = () => { throw i; };
  const literal = word => { if (text.startsWith(word, i)) i += word.length; else fail(); };
  const string = () => {
    if (text[i] !== '"') fail();
    for (i++; i < text.length && text[i] !== '"'; i++) {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
    }
    if (text[i] !== '"') fail();
    i++;
  };
  const value = () => {
    space();
    const c = text[i];
    if (c === '{') {
      i++; space();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        space(); string(); space();
        if (text[i] !== ':') fail();
        i++; value(); space();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        fail();
      }
    } else if (c === '[') {
      i++; space();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        value(); space();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!m) fail();
      i += m[0].length;
    }
  };
  try {
    value(); space();
    return i < text.length ? i : null;
  } catch (at) {
    return at;
  }
}
