// The execution page of a big Map (6,000 items inline, then 10,000 distributed) in Debian's chromium through playwright-core:
// how long until the graph, the events and the iterations are usable, and what a status refresh costs (the page's own
// performance.measure of reading the history and of redrawing). Writes results.json into OUT_DIR.
//   node run.mjs BASE_URL OUT_DIR DOCS_DIR PLAYWRIGHT_DIR CHROMIUM SCENARIO_JSON
import { go, open, record } from '../console-common/browser.mjs';

const session = await open({ width: 1400, height: 1000 });
const { base, scenario, page } = session;
const results = { timings: {} };
const executionUrl = arn => `${base}/console/executions/${encodeURIComponent(arn)}`;
const measures = () => page.evaluate(() => Object.fromEntries(['history', 'redraw'].map(n =>
  [n, performance.getEntriesByName('stepwise:' + n).map(m => Math.round(m.duration))])));

/** Opens an execution's page: the time from navigation until `ready` (selectors) are all there. */
async function load(arn, ready) {
  const start = Date.now();
  await go(page, executionUrl(arn));
  for (const selector of ready) await page.waitForSelector(selector, { timeout: 300_000 });
  const usableMs = Date.now() - start;
  const m = await measures();
  return { usableMs, historyMs: m.history[0], redrawMs: m.redraw[0] };
}

await record(session, results, async () => {
  // the inline Map: its graph coloured, a page of events, a page of iterations
  results.timings.inline = await load(scenario.inline,
    ['#graph [data-state="Item"][data-status="succeeded"]', '#events tbody tr', '#iterations tr[data-index]']);
  results.inline = {
    eventRows: await page.$$eval('#events tbody tr', r => r.length),
    eventRange: await page.textContent('#events-range'),
    iterationRows: await page.$$eval('#iterations tr[data-index]', r => r.length),
    iterationFilter: await page.$$eval('#iteration-status option', o => o.map(x => x.textContent).join(', ')),
    badge: await page.$eval('#graph [data-state="Each"]', n => n.closest('g')?.textContent ?? '')
      .then(t => (t.match(/\d+\/\d+/) || [''])[0]),
  };
  // the iterations' last page: 200 clicks would be slow; the filter to 'succeeded' and the pager's end
  const pickStart = Date.now();
  await page.click('#iterations tr[data-index="7"]');
  await page.waitForSelector('#iteration-clear:not([hidden])');
  results.timings.inline.pickMs = Date.now() - pickStart;
  await go(page, executionUrl(scenario.inline) + '?iteration=5999&map=Each');
  await page.waitForSelector('#iterations tr.selected');
  results.inline.lastIteration = await page.$eval('#iterations tr.selected', r => r.dataset.index);
  // the events' next page
  const pageStart = Date.now();
  await page.click('#events-pager button:nth-child(4)');
  await page.waitForFunction(() => document.querySelector('#events-range')?.textContent.startsWith(' 201–'));
  results.timings.inline.eventPageMs = Date.now() - pageStart;

  // the distributed Map: its Map Run's counts and its children
  results.timings.distributed = await load(scenario.distributed,
    ['#graph [data-state="Fan"][data-status="succeeded"]', '#events tbody tr', '.map-run li[data-child]']);
  await page.waitForFunction(() => document.querySelector('.map-run [data-counts]')?.textContent.includes('succeeded'));
  results.distributed = {
    counts: await page.textContent('.map-run [data-counts]'),
    children: await page.$$eval('.map-run li[data-child]', l => l.length),
  };
});
