// A Map's iterations in an execution's history. Every MapIteration{Started,Succeeded,Failed,Aborted} event names its
// Map and the iteration's index; the events in between carry no index, so an event is placed by its previousEventId,
// as AWS's console does: the first event of an iteration follows its MapIterationStarted, each later one follows an
// event of the same iteration, and an iteration's end hands on to the scope around it (the Map's next iteration or
// its own end). One pass in id order, so a 40,000-event history is placed in one sweep.

const END = /^MapIteration(Succeeded|Failed|Aborted)$/;
const STATUS = { MapIterationSucceeded: 'SUCCEEDED', MapIterationFailed: 'FAILED', MapIterationAborted: 'ABORTED' };

/**
 * {iterations, member}: `iterations` the iterations in the order they started ({key, map, index, status, start, end,
 * parent}, key being the id of their MapIterationStarted, parent the key of the iteration around them or 0);
 * `member` an event id → the key of the innermost iteration it belongs to (0: none).
 */
export function placeIterations(events) {
  const member = new Map();   // event id → iteration key (0: the execution itself)
  const after = new Map();    // event id → the scope the event's successors are in
  const byKey = new Map();
  const iterations = [];
  for (const e of events) {
    const scope = after.get(e.previousEventId) ?? 0;
    if (e.type === 'MapIterationStarted') {
      const d = e.mapIterationStartedEventDetails || {};
      const it = { key: e.id, map: d.name, index: d.index, status: 'RUNNING', start: e.timestamp, end: undefined,
        parent: scope };
      byKey.set(e.id, it);
      iterations.push(it);
      member.set(e.id, e.id);
      after.set(e.id, e.id);
    } else if (END.test(e.type) && byKey.has(scope)) {
      const it = byKey.get(scope);
      it.status = STATUS[e.type];
      it.end = e.timestamp;
      member.set(e.id, scope);
      after.set(e.id, it.parent);
    } else {
      member.set(e.id, scope);
      after.set(e.id, scope);
    }
  }
  return { iterations, member, byKey };
}

/** An iteration and the iterations around it, the outermost first (a Map in a Map: [outer, inner]). */
export function ancestry(byKey, it) {
  const chain = [];
  for (let x = it; x; x = byKey.get(x.parent)) chain.unshift(x);
  return chain;
}

/**
 * The iteration a path names ([{map, index}], the outermost first, as a link's repeated iteration= and map= carry it):
 * each step among the iterations of the one before; a single step (an old link) takes the last with that index.
 */
export function findPath(iterations, path) {
  let found;
  for (const [i, step] of path.entries()) {
    const candidates = iterations.filter(it => it.index === step.index && (!step.map || it.map === step.map)
      && (i === 0 ? path.length === 1 || !it.parent : it.parent === found.key));
    found = candidates.at(-1);
    if (!found) return undefined;
  }
  return found;
}

/** The events of one iteration (its nested iterations' included), in order. */
export function eventsOf(events, placed, key) {
  const inside = k => {
    for (let x = k; x; x = placed.byKey.get(x)?.parent) if (x === key) return true;
    return false;
  };
  return events.filter(e => inside(placed.member.get(e.id)));
}

/** The names of the states of a Map's ItemProcessor (or Iterator), nested ones included. */
export function innerStates(mapDef) {
  const names = [];
  const walk = d => {
    for (const [name, s] of Object.entries(d?.States || {})) {
      names.push(name);
      for (const inner of [...(s.Branches || []), s.ItemProcessor, s.Iterator]) if (inner) walk(inner);
    }
  };
  walk(mapDef?.ItemProcessor || mapDef?.Iterator);
  return names;
}
