// The console's details in Debian's chromium through playwright-core against a real server: an execution's timeline,
// a Task's data-flow chain, a state machine's versions and aliases. Writes results.json into OUT_DIR and the
// timeline's screenshot into DOCS_DIR.
//   node run.mjs BASE_URL OUT_DIR DOCS_DIR PLAYWRIGHT_DIR CHROMIUM SCENARIO_JSON
import { go, open, record } from '../console-common/browser.mjs';

const session = await open({ width: 1360, height: 1100 });
const { base, out, docs, scenario, page } = session;
const results = {};
const compact = text => JSON.stringify(JSON.parse(text));
const chain = async () => {   // the data-flow panel's JSON after each step, compacted
  const steps = {};
  for (const step of await page.$$('#io-chain [data-step]')) {
    steps[await step.getAttribute('data-step')] = compact(await step.$eval('pre', p => p.textContent));
  }
  return steps;
};
const graphStates = () => page.$$eval('#graph [data-state]', n => [...new Set(n.map(x => x.dataset.state))]);

await record(session, results, async () => {
  // the execution: its timeline, a bar per state, the Task's failed attempt then its retry
  await go(page, `${base}/console/executions/${encodeURIComponent(scenario.execution)}`);
  await page.waitForSelector('#timeline .tl-bar');
  results.bars = await page.$$eval('#timeline .tl-bar', bars => {
    const out = {};
    for (const b of bars) (out[b.dataset.state] ||= []).push(b.dataset.outcome);
    return out;
  });
  results.attempts = await page.$$eval(`#timeline .tl-bar[data-state="${scenario.task}"] .tl-attempt`,
    a => a.map(x => x.className));
  results.retryMarks = await page.$$eval(`#timeline .tl-bar[data-state="${scenario.task}"] .tl-retry`, a => a.length);
  results.ticks = await page.$$eval('#timeline .tl-tick', t => t.length);
  results.taskStatus = await page.$eval(`#graph [data-state="${scenario.task}"]`,
    n => [...n.classList].find(c => c.startsWith('status-')));

  // clicking the Task's bar selects it: its panel, with the data flow step by step from TestState
  await page.click(`#timeline .tl-bar[data-state="${scenario.task}"]`);
  await page.waitForSelector('#io-chain [data-step="afterOutputPath"]');
  results.selectedFromTimeline = await page.textContent('#state h2');
  results.chain = await chain();
  results.chainDiffers = await page.$('#io-chain-differs') !== null;
  await page.screenshot({ path: `${out}/console-timeline.png` });
  await page.screenshot({ path: `${docs}/console-timeline.png` });

  // a state TestState is not asked about says why
  await page.click('#graph [data-state="Done"]');
  await page.waitForSelector('#io-chain [data-reason]');
  results.failReason = await page.textContent('#io-chain [data-reason]');

  // a Map of many iterations: one row for its iterations' state, a density strip; the Map's own chain
  await go(page, `${base}/console/executions/${encodeURIComponent(scenario.map)}`);
  await page.waitForSelector('#timeline .tl-density');
  results.mapRows = await page.$$eval('#timeline .tl-row:not(.tl-axis) .tl-label', l => l.map(x => x.textContent));
  results.mapDensity = await page.$('#timeline .tl-density[data-state="Item"]') !== null;
  results.mapBars = await page.$$eval('#timeline .tl-bar', b => b.length);
  await page.click('#timeline .tl-bar[data-state="Each"]');
  await page.waitForSelector('#io-chain [data-step="afterOutputPath"]');
  results.mapChain = await chain();

  // the machine: its versions and its alias with the routing; a version's link opens that version
  await go(page, `${base}/console/state-machines/${encodeURIComponent(scenario.machine)}`);
  await page.waitForSelector('#version-list a');
  await page.waitForSelector('#graph [data-state]');
  results.latestStates = await graphStates();
  results.versions = await page.$$eval('#version-list a', a => a.map(x => x.dataset.version));
  results.alias = await page.textContent('#alias-list [data-alias="live"]');
  await page.click(`#version-list a[data-version="${scenario.v1}"]`);
  await page.waitForSelector('#version');
  await page.waitForSelector('#graph [data-state]');
  results.versionUrl = page.url();
  results.versionBadge = await page.textContent('#version');
  results.versionStates = await graphStates();
});
