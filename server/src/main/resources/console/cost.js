// What an execution would cost on AWS, with the prices the CLI's main job uses (GET /stepwise/v1/prices, the same
// prices.json). A standard workflow is billed per state transition (each state entered, and each retry); an express
// execution keeps no history and has no page. Lambda: requests and GB-seconds from the server's invocation records of
// the functions the execution's tasks scheduled. The history does not carry an invocation's request id, so a record
// counts when it started while the execution ran (as `stepwise` main job counts them): another execution calling the
// same functions at the same time is counted too.
import { lambda } from './api.js';
import { el } from './app.js';

let prices;   // read once per console load

const LAMBDA_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/;

/** The functions the events scheduled: a Lambda task's resource, or arn:aws:states:::lambda:invoke's FunctionName. */
export function functionsCalled(events) {
  const names = new Set();
  for (const e of events) {
    if (e.type === 'LambdaFunctionScheduled') {
      const m = LAMBDA_ARN.exec(e.lambdaFunctionScheduledEventDetails?.resource || '');
      if (m) names.add(m[1]);
    } else if (e.type === 'TaskScheduled' && e.taskScheduledEventDetails?.resourceType === 'lambda') {
      try {
        const f = String(JSON.parse(e.taskScheduledEventDetails.parameters).FunctionName || '');
        names.add(LAMBDA_ARN.exec(f)?.[1] ?? f.split(':')[0]);
      } catch { /* parameters that are not JSON name no function */ }
    }
  }
  names.delete('');
  return [...names];
}

/** States entered plus retries (attempts scheduled beyond a Task's first), as AWS bills a standard workflow. */
export function transitions(events) {
  let entered = 0;
  let tasks = 0;
  let scheduled = 0;
  for (const e of events) {
    if (e.type.endsWith('StateEntered')) entered++;
    if (e.type === 'TaskStateEntered') tasks++;
    if (/^(Task|LambdaFunction|Activity)Scheduled$/.test(e.type)) scheduled++;
  }
  return { entered, retries: Math.max(0, scheduled - tasks), total: entered + Math.max(0, scheduled - tasks) };
}

async function json(path) {
  const r = await lambda('GET', path);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}

/** The Lambda figures of the execution's time window: {requests, gbSeconds, compute} priced by architecture. */
async function lambdaFigures(events, execution, p) {
  const from = new Date(execution.startDate * 1000);
  const to = execution.stopDate ? new Date(execution.stopDate * 1000) : new Date();
  let requests = 0;
  let gbSeconds = 0;
  let compute = 0;
  for (const name of functionsCalled(events)) {
    const path = '/2015-03-31/functions/' + encodeURIComponent(name);
    const [config, records] = await Promise.all([json(path + '/configuration').catch(() => ({})),
      json('/stepwise/v1/functions/' + encodeURIComponent(name) + '/invocations?limit=10000')]);
    const perGbSecond = p.lambda.perGbSecond[config.Architectures?.[0] || 'x86_64'] ?? p.lambda.perGbSecond.x86_64;
    for (const r of records.Invocations || []) {
      const t = new Date(r.StartTime);
      if (t < from || t > to) continue;
      requests++;
      gbSeconds += r.GbSeconds;
      compute += r.GbSeconds * perGbSecond;
    }
  }
  return { requests, gbSeconds, compute };
}

const dollars = x => '$' + x.toFixed(8);   // one Lambda call costs less than a millionth

/** The cost card; refresh(events, execution, withLambda) recomputes it (the Lambda records only when `withLambda`). */
export function costPanel(box) {
  const card = el('div', { class: 'card cost', id: 'cost' }, el('b', {}, 'Cost on AWS'), el('p', { class: 'muted' }, '…'));
  box.append(card);
  let lambdaPart;
  return {
    async refresh(events, execution, withLambda) {
      try {
        prices ||= await json('/stepwise/v1/prices');
        const p = prices;
        if (withLambda || !lambdaPart) lambdaPart = await lambdaFigures(events, execution, p);
        const t = transitions(events);
        const workflow = t.total * p.stepFunctions.standardPerThousandTransitions / 1000;
        const rows = [['State transitions', `${t.total} (${t.entered} entered + ${t.retries} retries) × `
          + `$${p.stepFunctions.standardPerThousandTransitions} per 1,000`, workflow]];
        card.dataset.transitions = String(t.total);
        const l = lambdaPart;
        const requests = l.requests * p.lambda.perMillionRequests / 1e6;
        rows.push(['Lambda requests', `${l.requests} × $${p.lambda.perMillionRequests} per 1M`, requests],
          ['Lambda compute', `${l.gbSeconds.toFixed(3)} GB-s`, l.compute]);
        const total = workflow + requests + l.compute;
        Object.assign(card.dataset, { requests: l.requests, gbSeconds: l.gbSeconds.toFixed(6), total: total.toFixed(9) });
        card.replaceChildren(el('b', {}, 'Cost on AWS'),
          el('table', { class: 'grid compact' }, el('tbody', {}, ...rows.map(([what, how, x]) => el('tr', {},
            el('td', {}, what), el('td', { class: 'muted' }, how), el('td', { class: 'num' }, dollars(x)))),
          el('tr', { class: 'total' }, el('td', {}, 'Total'), el('td', {}), el('td', { class: 'num', id: 'cost-total' },
            dollars(total))))),
          el('div', { class: 'muted small' }, `${p.region} list prices of ${p.asOf}, no free tier; Lambda: the `
            + 'invocations of its functions while it ran'));
      } catch (e) {
        card.replaceChildren(el('b', {}, 'Cost on AWS'), el('p', { class: 'muted' }, `Cannot tell: ${e.message}`));
      }
    },
  };
}
