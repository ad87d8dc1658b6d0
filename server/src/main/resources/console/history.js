// What an execution's history says about each of its states: the status the graph colours it with, the input and
// output of its last entry, the error it failed with, a Map's progress. Every event belongs to the state whose
// <Type>StateEntered its previousEventId chain leads back to.

const FAILURES = /(Failed|TimedOut|StartFailed|SubmitFailed)$/;
const CONTAINER_END = /^(Map|Parallel)State(Succeeded|Failed|Aborted)$/;

export function analyse(events, executionStatus) {
  const byId = new Map(events.map(e => [e.id, e]));
  const owner = new Map();
  const ownerOf = e => {
    const seen = [];
    let x = e;
    while (x && !owner.has(x.id)) {
      if (x.type.endsWith('StateEntered')) { owner.set(x.id, x.stateEnteredEventDetails.name); break; }
      seen.push(x.id);
      x = byId.get(x.previousEventId);
    }
    const name = x ? owner.get(x.id) : undefined;
    for (const id of seen) owner.set(id, name);
    return name;
  };
  const states = {};
  const containers = [];   // Map and Parallel states, in the order they were last entered
  const state = n => (states[n] ||= { status: 'not-started', entries: 0, retries: 0 });
  for (const e of events) {
    if (e.type.endsWith('StateEntered')) {
      const s = state(e.stateEnteredEventDetails.name);
      if (/^(Map|Parallel)StateEntered$/.test(e.type)) {
        const at = containers.indexOf(e.stateEnteredEventDetails.name);
        if (at >= 0) containers.splice(at, 1);
        containers.push(e.stateEnteredEventDetails.name);
      }
      s.status = 'running';
      s.entries++;
      s.entered = e;
      s.failure = undefined;
      s.scheduled = 0;
      s.retries = 0;
      continue;
    }
    // a container's own end follows its children's events: its Exited names it, the rest is the innermost one running
    const name = e.type.endsWith('StateExited') ? e.stateExitedEventDetails.name
      : CONTAINER_END.test(e.type) ? containers.filter(n => states[n].status === 'running').at(-1) : ownerOf(e);
    if (name === undefined) continue;
    const s = state(name);
    if (CONTAINER_END.test(e.type)) {
      if (/Failed$/.test(e.type)) s.failure ||= { event: e.id };
      continue;
    }
    if (e.type.endsWith('StateExited')) {
      s.status = s.failure ? 'caught' : 'succeeded';
      s.exited = e;
    } else if (/Succeeded$/.test(e.type) && !e.type.startsWith('MapIteration') && !e.type.startsWith('Execution')) {
      s.failure = undefined;   // a retry that succeeded: the attempts that failed before it were not the state's end
    } else if (FAILURES.test(e.type) && !e.type.startsWith('MapIteration') && !e.type.startsWith('Execution')) {
      const d = Object.values(e).find(v => v && typeof v === 'object' && ('error' in v || 'cause' in v)) || {};
      s.failure = { error: d.error, cause: d.cause, event: e.id };
      if (e.type === 'MapRunFailed' || e.type.endsWith('StateFailed')) s.failure.event = e.id;
    } else if (e.type === 'MapStateStarted') {
      // a Map entered again (inside another Map's iterations, or in a loop) counts its items over every entry, as its
      // iterations' ends are counted over every entry
      s.map = { total: (s.map?.total ?? 0) + (e.mapStateStartedEventDetails?.length ?? 0),
        succeeded: s.map?.succeeded ?? 0, failed: s.map?.failed ?? 0 };
    } else if (e.type === 'MapRunStarted') {
      s.mapRunArn = e.mapRunStartedEventDetails?.mapRunArn;
    }
    if (e.type.endsWith('Scheduled')) s.retries = s.scheduled++ > 0 ? s.scheduled - 1 : 0;
    if (e.type === 'MapIterationSucceeded' || e.type === 'MapIterationFailed') {
      const m = state(e.mapIterationEventDetails?.name ?? e.mapIterationSucceededEventDetails?.name
        ?? e.mapIterationFailedEventDetails?.name ?? name);
      m.map ||= { total: 0, succeeded: 0, failed: 0 };
      if (e.type === 'MapIterationSucceeded') m.map.succeeded++; else m.map.failed++;
    }
  }
  if (executionStatus && executionStatus !== 'RUNNING') {
    for (const s of Object.values(states)) {
      if (s.status !== 'running') continue;
      s.status = s.failure || executionStatus === 'FAILED' && !Object.values(states).some(x => x.status === 'failed')
        ? 'failed' : 'cancelled';
    }
  }
  return states;
}
