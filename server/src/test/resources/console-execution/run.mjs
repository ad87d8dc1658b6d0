// The execution page's Map iterations, Map Run, Map and Parallel data flow, and cost in Debian's chromium through
// playwright-core against a real server. Writes results.json into OUT_DIR and docs/console-iterations.png,
// docs/console-nested-iterations.png.
//   node run.mjs BASE_URL OUT_DIR DOCS_DIR PLAYWRIGHT_DIR CHROMIUM SCENARIO_JSON
import { go, open, record } from '../console-common/browser.mjs';

const session = await open({ width: 1400, height: 1200 });
const { base, scenario, browser, page, errors, shot } = session;
const results = {};
const compact = text => JSON.stringify(JSON.parse(text));
const inner = ['Check', 'Skip', 'Double'];
const colours = (names = inner, p = page) => p.$$eval('#graph [data-state]', (nodes, names) => {
  const out = {};
  for (const name of names) out[name] = nodes.find(n => n.dataset.state === name)?.dataset.status ?? 'not-started';
  return out;
}, names);
const rows = (p = page) => p.$$eval('#iterations tr[data-index]',
  r => r.map(x => `${x.dataset.index}:${x.querySelector('.badge').textContent}`));
const chain = async () => {
  const steps = {};
  for (const step of await page.$$('#io-chain [data-step]')) {
    steps[await step.getAttribute('data-step')] = compact(await step.$eval('pre', p => p.textContent));
  }
  return steps;
};
const executionUrl = arn => `${base}/console/executions/${encodeURIComponent(arn)}`;

await record(session, results, async () => {
  await go(page, executionUrl(scenario.execution));
  await page.waitForSelector('#iterations tr[data-index]');
  await page.waitForFunction(() => document.querySelector('#graph [data-state="Skip"]')?.dataset.status === 'succeeded');
  results.iterations = await page.$$eval('#iterations tr[data-index]', r => r.map(x => x.dataset.index));
  results.statusFilter = await page.$$eval('#iteration-status option', o => o.map(x => x.textContent));
  results.wholeExecution = await colours();

  // a click on iteration 4: its states alone on the graph, its data in the panel
  await page.click('#iterations tr[data-index="4"]');
  await page.click('#graph [data-state="Double"]');
  await page.waitForSelector('#state-iteration');
  results.clicked = { url: page.url(), graph: await colours(),
    input: compact(await page.textContent('#state-input')), output: compact(await page.textContent('#state-output')) };

  // the link of iteration 3, pasted: the Skip way
  await go(page, executionUrl(scenario.execution) + '?iteration=3&map=Each');
  await page.waitForSelector('#state-iteration');
  await page.waitForFunction(() => document.querySelector('#graph [data-state="Double"]')?.dataset.status === 'not-started');
  results.linked = { graph: await colours(), input: compact(await page.textContent('#state-input')),
    iteration: await page.textContent('#state-iteration') };
  await page.waitForSelector('#cost[data-total]');
  await shot('console-iterations', true);

  // the Map's and the Parallel's chains, from their branches' results
  await page.click('#graph [data-state="Each"]');
  await page.waitForSelector('#io-chain [data-step="afterOutputPath"]');
  results.mapChain = await chain();
  let differs = await page.$('#io-chain-differs') !== null;
  await page.click('#graph [data-state="Both"]');
  await page.waitForSelector('#io-chain [data-step="afterResultSelector"]');
  results.parallelChain = await chain();
  differs ||= await page.$('#io-chain-differs') !== null;
  results.chainsDiffer = differs;

  // the cost, and the prices it came from
  results.cost = await page.$eval('#cost', c => ({ ...c.dataset, text: c.textContent }));
  results.pricesRoute = await page.evaluate(async () => (await fetch('/stepwise/v1/prices')).text());

  // a Map in a Map: every event placed in its own iteration (iterations.js on the real history)
  await go(page, executionUrl(scenario.nested));
  await page.waitForSelector('#iterations tr[data-index]');
  results.nested = await page.evaluate(async arn => {
    const { placeIterations, eventsOf } = await import('/console/iterations.js');
    const { all } = await import('/console/api.js');
    const events = await all('GetExecutionHistory', { executionArn: arn, maxResults: 1000 }, 'events');
    const placed = placeIterations(events);
    const outer = placed.iterations.filter(i => i.map === 'Outer');
    const inner = placed.iterations.filter(i => i.map === 'Inner');
    return {
      outer: outer.length,
      inner: inner.length,
      innerParents: inner.map(i => outer.find(o => o.key === i.parent)?.index ?? -1).sort(),
      leafInputs: outer.sort((a, b) => a.index - b.index).map(o => eventsOf(events, placed, o.key)
        .filter(e => e.type === 'PassStateEntered').map(e => e.stateEnteredEventDetails.input).sort()),
      afterScope: placed.member.get(events.find(e => e.type === 'PassStateEntered'
        && e.stateEnteredEventDetails.name === 'After').id),
    };
  }, scenario.nested);
  results.nested.iterationRows = await page.$$eval('#iterations tr[data-index]', r => r.map(x => x.dataset.index));

  // a Map in a Map, inner iteration 1 of outer iteration 1 failed and its Map's Catch took it: the inner Map's
  // iterations are listed and coloured per outer iteration (the handlers colour synchronously, so no waiting)
  const nestedStates = ['Inner', 'Caught', 'Check', 'Boom', 'Fine'];
  const caught = results.caught = {};
  await go(page, executionUrl(scenario.caught));
  await page.waitForSelector('#iterations tr[data-index]');
  caught.outerRows = await rows();
  caught.innerProgress = await page.textContent('.map-progress[data-map="Inner"]');
  await page.selectOption('#iteration-map', 'Inner');
  caught.unpicked = { hint: await page.textContent('#iteration-hint'), rows: await rows() };
  await page.selectOption('#iteration-map', 'Outer');
  await page.click('#iterations tr[data-index="1"]');
  await page.selectOption('#iteration-map', 'Inner');
  caught.outer1 = { url: page.url(), rows: await rows(), scope: await page.textContent('#iteration-scope'),
    graph: await colours(nestedStates) };
  await page.click('#iterations tr[data-index="1"]');
  await page.click('#graph [data-state="Check"]');
  caught.inner1 = { url: page.url(), graph: await colours(nestedStates),
    iteration: await page.textContent('#state-iteration'), input: compact(await page.textContent('#state-input')) };
  await page.click('#iterations tr[data-index="0"]');
  caught.inner0 = { graph: await colours(nestedStates), input: compact(await page.textContent('#state-input')) };
  await page.selectOption('#iteration-map', 'Outer');
  await page.click('#iterations tr[data-index="0"]');
  await page.selectOption('#iteration-map', 'Inner');
  caught.outer0 = { rows: await rows(), graph: await colours(nestedStates) };
  // inner iteration 1 of outer iteration 1's link, opened in a new page
  const linked = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
  linked.on('pageerror', e => errors.push(String(e)));
  await go(linked, executionUrl(scenario.caught) + '?iteration=1&map=Outer&iteration=1&map=Inner');
  await linked.waitForSelector('#state-iteration');
  caught.linked = { rows: await rows(linked), graph: await colours(nestedStates, linked),
    iteration: await linked.textContent('#state-iteration'), input: compact(await linked.textContent('#state-input')),
    scope: await linked.textContent('#iteration-scope') };
  await linked.waitForSelector('#cost[data-total]');
  for (const dir of [session.out, session.docs]) await linked.screenshot({ path: `${dir}/console-nested-iterations.png` });
  await linked.close();

  // a distributed Map: its Map Run's counts and its children, 50 a page
  await go(page, executionUrl(scenario.distributed));
  await page.waitForSelector('.map-run li[data-child]');
  await page.waitForFunction(() => document.querySelector('.map-run [data-counts]')?.textContent.includes('120 succeeded'));
  results.mapRunCounts = await page.textContent('.map-run [data-counts]');
  results.childrenFirstPage = await page.$$eval('.map-run li[data-child]', l => l.length);
  const nextPage = async () => {
    const first = await page.$eval('.map-run li[data-child]', l => l.dataset.child);
    await page.click('.map-run .pager button:last-child');
    await page.waitForFunction(f => document.querySelector('.map-run li[data-child]')?.dataset.child !== f, first);
  };
  await nextPage();
  await nextPage();
  results.childrenThirdPage = await page.$$eval('.map-run li[data-child]', l => l.length);
  await page.selectOption('#child-status', 'FAILED');
  await page.waitForFunction(() => !document.querySelector('.map-run li[data-child]'));
  results.childrenFailed = await page.$$eval('.map-run li[data-child]', l => l.length);
  await page.selectOption('#child-status', '');
  await page.waitForSelector('.map-run li[data-child] a');
  const child = await page.$eval('.map-run li[data-child]', l => l.dataset.child);
  await page.click('.map-run li[data-child] a');
  await page.waitForURL(url => url.href.endsWith(encodeURIComponent(child)));
  await page.waitForSelector('#summary');
  results.childUrl = page.url();
  results.childMachine = await page.textContent('.crumbs');
});
