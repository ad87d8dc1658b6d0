// What the console's browser tests share: the run's arguments, Debian's chromium through playwright-core, a page
// whose errors are collected, screenshots, and page loads that survive chromium noticing a network change.
//   node run.mjs BASE_URL OUT_DIR DOCS_DIR PLAYWRIGHT_DIR CHROMIUM SCENARIO_JSON
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Chromium's word for a load or a request it abandoned because the network changed: the server's function sandboxes
 * add and remove network interfaces while the tests run. It is the machine's, not the console's.
 */
export const NETWORK_CHANGED = 'ERR_NETWORK_CHANGED';

/** page.goto, once more when chromium abandoned the load because the network changed. */
export async function go(p, url) {
  try {
    return await p.goto(url);
  } catch (e) {
    if (!String(e).includes(NETWORK_CHANGED)) throw e;
    return p.goto(url);
  }
}

/** The playwright-core installed in PLAYWRIGHT_DIR (scripts/setup-browser-tests.sh). */
export function playwright(playwrightDir) {
  return createRequire(`${playwrightDir}/node_modules/`)('playwright-core');
}

/**
 * Starts chromium on a page of this size. Console errors go to {@code errors}, but not a network change and not
 * those {@code expected(text)} says the test provokes on purpose.
 */
export async function open(viewport, expected = () => false) {
  const [base, out, docs, playwrightDir, executablePath, scenarioFile] = process.argv.slice(2);
  const scenario = JSON.parse(readFileSync(scenarioFile, 'utf8'));
  const browser = await playwright(playwrightDir).chromium.launch({ executablePath, args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  page.on('console', m => {
    if (m.type() === 'error' && !m.text().includes(NETWORK_CHANGED) && !expected(m.text())) errors.push(m.text());
  });
  const shot = async (name, toDocs) => {
    await page.screenshot({ path: `${out}/${name}.png` });
    if (toDocs) await page.screenshot({ path: `${docs}/${name}.png` });
  };
  return { base, out, docs, scenario, browser, page, errors, shot };
}

/**
 * Runs a test's steps in a session from open(), then writes results.json into OUT_DIR (a failure as results.failure,
 * with a screenshot; the page's errors as results.pageErrors) and closes the browser.
 */
export async function record({ out, browser, errors, shot }, results, steps) {
  try {
    await steps();
  } catch (e) {
    results.failure = String(e.stack || e);
    await shot('console-failure', false).catch(() => {});
  } finally {
    results.pageErrors = errors;
    writeFileSync(`${out}/results.json`, JSON.stringify(results, null, 2));
    await browser.close();
  }
}
