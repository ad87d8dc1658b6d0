// A function's page in Debian's chromium through playwright-core against a real server: the invocations chart (its
// Chart.js data), logs that follow live, power tuning runs drawn as charts, the tuner's link and an old link. Writes
// results.json into OUT_DIR and the screenshots of the function page and a tuning run into DOCS_DIR.
//   node run.mjs BASE_URL OUT_DIR DOCS_DIR PLAYWRIGHT_DIR CHROMIUM SCENARIO_JSON
import { go, open, record } from '../console-common/browser.mjs';

const session = await open({ width: 1360, height: 1500 });
const { base, scenario, page, shot } = session;
const results = {};
const WAIT = { timeout: 30_000 };

/** The datasets of the chart drawn on the canvas under `selector`: label → points, each with its drawn pointStyle. */
const chart = selector => page.evaluate(s => {
  const c = window.Chart?.getChart(document.querySelector(s));
  if (!c) return null;
  return Object.fromEntries(c.data.datasets.map((d, i) => [d.label, d.data.map((p, k) =>
    ({ ...p, style: c.getDatasetMeta(i).data[k]?.options.pointStyle }))]));
}, selector);

/** A tuning chart's points (memory, duration, cost per 1M), the size drawn as the recommended one, its card's data. */
const tuning = async card => ({
  recommended: await page.getAttribute(card, 'data-recommended'),
  run: await page.getAttribute(card, 'data-run'),
  ...await page.evaluate(s => {
    const c = window.Chart.getChart(document.querySelector(`${s} canvas`));
    const [duration, cost] = c.data.datasets;
    const meta = c.getDatasetMeta(0).data;
    return {
      points: duration.data.map((p, i) => ({ x: p.x, duration: p.y, costPerMillion: cost.data[i].y })),
      marked: duration.data.filter((p, i) => meta[i].options.pointStyle === 'rectRot').map(p => p.x).join(','),
    };
  }, card),
});

/** Invokes the function as any client would (the Lambda REST API); its request id. */
async function invoke(payload) {
  const r = await fetch(`${base}/2015-03-31/functions/${scenario.function}/invocations`,
    { method: 'POST', body: JSON.stringify(payload) });
  await r.text();
  return r.headers.get('x-amzn-requestid');
}

/** A Step Functions call as any client makes it (AWS JSON 1.0). */
async function sfn(operation, body) {
  const r = await fetch(base, { method: 'POST', body: JSON.stringify(body), headers: {
    'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `AWSStepFunctions.${operation}` } });
  if (!r.ok) throw new Error(`${operation}: ${r.status} ${await r.text()}`);
  return r.json();
}

const lines = () => page.$$eval('#logs .log-line', l => l.map(x => x.textContent));

await record(session, results, async () => {
    // the invocations chart: every invocation made before the page opened, the cold start marked
    await go(page, `${base}/console/functions/${scenario.function}`);
    await page.waitForFunction(n => window.Chart?.getChart(document.querySelector('#invocation-chart canvas'))
      ?.data.datasets[0].data.length >= n, scenario.invocations, WAIT);
    results.chart = await chart('#invocation-chart canvas');
    await page.evaluate(() => { window.samePage = true; });

    // logs: a line logged after the page opened appears, without a reload
    await page.waitForSelector('#logs .log-line', WAIT);
    results.marker = `m-${Date.now()}`;
    results.invokedAfter = await invoke({ marker: results.marker });
    await page.waitForFunction(m => [...document.querySelectorAll('#logs .log-line')].some(l => l.textContent.includes(m)),
      results.marker, WAIT);
    results.followed = (await lines()).find(l => l.includes(results.marker));
    results.samePage = await page.evaluate(() => window.samePage === true);
    results.followedToBottom = await page.$eval('#logs', b => b.scrollTop + b.clientHeight >= b.scrollHeight - 8);

    // the chart takes the new invocation in on its next refresh
    await page.waitForFunction(id => window.Chart.getChart(document.querySelector('#invocation-chart canvas'))
      .data.datasets[0].data.some(p => p.requestId === id), results.invokedAfter, WAIT);
    results.chartAfter = await chart('#invocation-chart canvas');

    // an error's lines are marked, REPORT lines too
    await invoke({ fail: true });
    await page.waitForSelector('#logs .log-line.log-error', WAIT);
    results.errorLine = await page.textContent('#logs .log-line.log-error');
    results.reportLines = await page.$$eval('#logs .log-line.log-report', l => l.length);

    // a reader who scrolled up stays there while lines arrive
    await page.$eval('#logs', b => { b.scrollTop = 0; });
    const count = (await lines()).length;
    await invoke({ marker: 'while-up' });
    await page.waitForFunction(n => document.querySelectorAll('#logs .log-line').length > n, count, WAIT);
    results.stayedUp = await page.$eval('#logs', b => b.scrollTop === 0 && b.scrollHeight > b.clientHeight);

    // the filter
    await page.fill('#log-filter', results.marker);
    results.filtered = await page.$$eval('#logs .log-line:not([hidden])', l => l.map(x => x.textContent));
    await page.fill('#log-filter', '');
    await page.$eval('#logs', b => { b.scrollTop = b.scrollHeight; });
    await shot('console-function', true);

    // a burst of 2,500 lines: the page keeps the newest 2,000
    await invoke({ lines: 2500 });
    await page.waitForFunction(() => [...document.querySelectorAll('#logs .log-line')].some(l =>
      l.textContent === 'line 2499'), null, WAIT);
    results.capped = await page.$$eval('#logs .log-line', l => ({ kept: l.length,
      last: l.map(x => x.textContent).filter(t => t.startsWith('line ')).pop() }));

    // the tuned function's page: its tuning run as a chart, the recommended size marked
    await go(page, `${base}/console/functions/${scenario.tuned}`);
    await page.waitForSelector('#tuning .tuning[data-recommended] canvas', WAIT);
    results.functionTuning = await tuning('#tuning .tuning[data-recommended]');

    // a run started while the page is open is drawn there once it has ended
    const started = await sfn('StartExecution', { stateMachineArn: scenario.machine, name: 'tuned-while-open',
      input: JSON.stringify({ lambdaARN: scenario.tuned, num: 5, powerValues: [128, 256] }) });
    await page.waitForSelector(`#tuning .tuning[data-run="${started.executionArn}"][data-recommended]`,
      { timeout: 90_000 });
    results.liveRun = await page.$$eval('#tuning .tuning', c => c.map(x => x.dataset.run));

    // the run's own page
    await go(page, `${base}/console/power-tuning/${encodeURIComponent(scenario.tuning)}`);
    await page.waitForSelector('.tuning[data-recommended] canvas', WAIT);
    results.runPage = await tuning('.tuning[data-recommended]');
    await shot('console-power-tuning', true);

    // the tuner's link, then the same numbers through an old /power-tuning/ link
    await go(page, scenario.link);
    await page.waitForSelector('#from-link canvas', WAIT);
    results.linkPage = await tuning('#from-link .tuning');
    await page.waitForSelector('#tuning-runs a', WAIT);
    results.runsListed = await page.$$eval('#tuning-runs a', a => a.map(x => x.textContent));
    await go(page, `${base}/power-tuning/${scenario.link.slice(scenario.link.indexOf('#'))}`);
    await page.waitForSelector('#from-link canvas', WAIT);
    results.oldLinkUrl = page.url();
    results.oldLink = await tuning('#from-link .tuning');
});
