// Drives the console in Debian's chromium through playwright-core against a real server, as a person would, and
// writes what it saw (results.json) and screenshots into OUT_DIR (docs' screenshots into DOCS_DIR).
//   node run.mjs BASE_URL OUT_DIR DOCS_DIR PLAYWRIGHT_DIR CHROMIUM SCENARIO_JSON
import { go, open, record } from '../console-common/browser.mjs';

const session = await open({ width: 1360, height: 1000 });
const { base, out, docs, scenario, browser, page, errors, shot } = session;
const results = {};
const statusOf = state => page.evaluate(s => {
  const node = document.querySelector(`#graph [data-state="${s}"]`);
  return node ? [...node.classList].find(c => c.startsWith('status-')) || 'none' : 'missing';
}, state);

await record(session, results, async () => {
  // the state machines, then the weekly report's page: its graph, its executions, the start form
  await go(page, `${base}/console/state-machines`);
  await page.waitForSelector('#machines tbody tr');
  results.machines = await page.$$eval('#machines tbody tr td:first-child', tds => tds.map(t => t.textContent));
  await shot('console-machines', true);
  await page.click(`#machines a:text-is("${scenario.weekly.name}")`);
  await page.waitForSelector('#graph [data-state]');
  await page.fill('#input', 'not json');
  results.invalidInputDisablesStart = await page.isDisabled('#start');
  await page.fill('#input', scenario.weekly.input);
  await page.fill('#name', 'watched');
  await shot('console-machine', true);

  // start it and watch it live until it succeeds: states turn from running to succeeded, the Map's progress moves
  const startedAt = Date.now();
  await page.click('#start');
  await page.waitForURL(/\/console\/executions\//);
  results.executionUrl = page.url();
  await page.waitForFunction(() => document.querySelector('#status')?.textContent);
  const seen = { statuses: new Set(), progress: new Set() };
  let shotRunning = false;
  while (Date.now() - startedAt < 180_000) {
    const status = await page.textContent('#status');
    seen.statuses.add(await statusOf(scenario.weekly.mapState));
    const progress = await page.$eval(`.map-progress[data-map="${scenario.weekly.mapState}"]`, e => e.textContent)
      .catch(() => '');
    if (progress) seen.progress.add(progress);
    if (!shotRunning && status === 'RUNNING' && progress) {
      await shot('console-execution-running', true);
      shotRunning = true;
    }
    if (status !== 'RUNNING') break;
    await page.waitForTimeout(150);
  }
  results.finalStatus = await page.textContent('#status');
  results.mapStatuses = [...seen.statuses];
  results.progress = [...seen.progress];
  results.mapStateAtEnd = await statusOf(scenario.weekly.mapState);
  results.sumStateAtEnd = await statusOf(scenario.weekly.lastState);
  await page.click(`#graph [data-state="${scenario.weekly.lastState}"]`);
  await page.waitForSelector('#state-output');
  results.lastOutput = await page.textContent('#state-output');
  await shot('console-execution', true);

  // a failing execution: its failed state red, with the error and the cause
  await go(page, `${base}/console/executions/${encodeURIComponent(scenario.failed.arn)}`);
  await page.waitForSelector('#graph [data-state]');
  await page.waitForFunction(s => document.querySelector(`#graph [data-state="${s}"]`)?.classList
    .contains('status-failed'), scenario.failed.state, { timeout: 20_000 });
  results.failedState = await statusOf(scenario.failed.state);
  results.failedError = await page.textContent('#error');
  results.failedCause = await page.textContent('#cause');
  await page.click(`#graph [data-state="${scenario.failed.state}"]`);
  await page.waitForSelector('#state-error');
  results.failedStatePanel = await page.textContent('#state-error');
  await shot('console-execution-failed', true);

  // a function invoked from its page
  await go(page, `${base}/console/functions/${encodeURIComponent(scenario.function.name)}`);
  await page.waitForSelector('#config');
  await page.fill('#payload', scenario.function.payload);
  await page.click('#invoke');
  await page.waitForSelector('#response');
  results.invokeResponse = await page.textContent('#response');
  results.invokeLog = await page.textContent('#log').catch(() => '');
  await page.waitForFunction(() => document.querySelectorAll('#invocations tbody tr').length > 0);
  results.invocationRows = await page.$$eval('#invocations tbody tr', rows => rows.length);
  await shot('console-function', false);   // docs/console-function.png is ConsoleFunctionsTest's

  // a deep link pasted into a new tab opens its page
  const other = await browser.newPage();
  await go(other, results.executionUrl);
  await other.waitForFunction(() => document.querySelector('#status')?.textContent);
  results.deepLinkStatus = await other.textContent('#status');
});
