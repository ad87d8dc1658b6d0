// Drives the designer in Debian's chromium through playwright-core against a real server, as a person would, and
// writes what it saw (results.json) and screenshots into OUT_DIR (docs/console-designer.png into DOCS_DIR).
//   node run.mjs BASE_URL OUT_DIR DOCS_DIR PLAYWRIGHT_DIR CHROMIUM SCENARIO_JSON
import { go, open, record } from '../console-common/browser.mjs';

let refusing = false;   // the refused update below is a 400, which chromium logs as an error
const session = await open({ width: 1500, height: 1000 },
  text => refusing && text.includes('status of 400'));
const { base, out, docs, scenario, browser, page, errors, shot } = session;
const results = {};
const text = () => page.inputValue('#definition');
// the validator has answered for the text now in the editor (the findings list says OK or FAIL)
const settled = async result => {
  await page.waitForFunction(r => r.split('|').includes(document.querySelector('#findings')?.dataset.result), result);
  return page.$eval('#findings', e => e.dataset.result);
};
const marked = state => page.$eval(`#graph [data-state="${state}"]`, e => e.classList.contains('finding')).catch(() => 'missing');
const { broken, missing } = scenario;

await record(session, results, async () => {
  // from the machine's page, its Edit button opens the designer on it
  await go(page, `${base}/console/state-machines/${encodeURIComponent(scenario.arn)}`);
  await page.waitForSelector('#executions');   // the page has finished drawing (a page still rendering is not stopped)
  await page.click('#edit');
  await page.waitForURL(/\/edit$/);
  results.editUrl = page.url();
  results.initialResult = await settled('OK|FAIL');
  results.initialMarked = await marked(broken);

  // text that does not parse: its line shown, Save disabled
  const original = await text();
  await page.fill('#definition', original.replace(`"Next": "${scenario.next}"`, `"Next": "${scenario.next}",,`));
  await settled('parse-error');
  results.parseError = await page.textContent('#findings');
  results.saveDisabledWhileUnparsed = await page.isDisabled('#save');

  // a Next to a state that does not exist: flagged in the list and on the graph (the state whose Next it is)
  await page.fill('#definition', original.replace(`"Next": "${scenario.next}"`, `"Next": "${missing}"`));
  await settled('FAIL');
  await page.waitForFunction(s => document.querySelector(`#graph [data-state="${s}"]`)?.classList.contains('finding'), broken);
  results.findings = await page.$$eval('#findings li', lis => lis.map(li => li.textContent));
  results.findingState = await page.$eval('#findings li.finding', li => li.dataset.state);
  results.brokenMarked = await marked(broken);
  results.brokenLabel = await page.$eval(`#graph [data-state="${broken}"] .finding-label`, e => e.textContent);
  results.saveEnabledWithFindings = !(await page.isDisabled('#save'));
  // clicking the finding selects the state on the graph and puts the cursor on its Next in the text
  await page.click('#findings li.finding');
  results.selectedAfterFindingClick = await page.$eval(`#graph [data-state="${broken}"]`, e => e.classList.contains('selected'));
  results.cursorAt = await page.$eval('#definition', t => t.value.slice(t.selectionStart, t.selectionEnd));
  await shot('console-designer', true);

  // fixed from the form: Set Next back to the state it named
  await page.selectOption('#set-next', scenario.next);
  await settled('OK');
  await page.waitForFunction(s => !document.querySelector(`#graph [data-state="${s}"]`)?.classList.contains('finding'), broken);
  results.fixedMarked = await marked(broken);
  results.fixedDefinition = JSON.parse(await text());

  // YAML and back: the same definition
  await page.click('#format-yaml');
  await settled('OK');
  results.yaml = await text();
  results.yamlStates = await page.$$eval('#graph [data-state]', nodes => nodes.map(n => n.dataset.state));
  await page.click('#format-json');
  await settled('OK');
  results.roundTrip = JSON.parse(await text());

  // Insert state after the first state: a Pass between it and its Next, and the validator is content
  await page.click(`#graph [data-state="${scenario.first}"]`);
  await page.click('#insert-after');
  await page.waitForSelector('#graph [data-state="Pass"]');
  results.afterInsert = await settled('OK');
  results.insertedDefinition = JSON.parse(await text());

  // saved as a new version
  await page.check('#publish');
  await page.fill('#version-description', 'from the designer');
  await page.click('#save');
  await page.waitForSelector('#version-arn');
  results.versionArn = await page.textContent('#version-arn');
  results.savedDefinition = await text();

  // the form's other edits: Delete state (the inserted Pass: what named it names its Next again), a Wait's Seconds,
  // a Pass turned into a Task with its Resource and TimeoutSeconds, and Add Catch; then saved without a version
  await page.click('#graph [data-state="Pass"]');
  await page.click('#delete-state');
  await page.waitForFunction(() => !document.querySelector('#graph [data-state="Pass"]'));
  results.afterDelete = await settled('OK');
  results.deletedDefinition = JSON.parse(await text());
  await page.click(`#graph [data-state="${scenario.wait}"]`);
  await page.fill('#state-seconds', '7');
  await page.press('#state-seconds', 'Tab');
  await page.waitForFunction(w => JSON.parse(document.querySelector('#definition').value).States[w].Seconds === 7,
    scenario.wait);
  // an action on the form, then the field at path of the state being turned into a Task (in the text) as expected and the form drawn again from the text
  // (the next action waits for that: a control filled before would be replaced by the new form's)
  const now = async (path, expected, action) => {
    await page.$eval('#state-panel h2', h => { h.dataset.stale = 'yes'; });
    await action();
    await page.waitForFunction(([s, p, e]) => JSON.stringify(p.reduce((v, k) => v?.[k],
      JSON.parse(document.querySelector('#definition').value).States[s])) === JSON.stringify(e), [broken, path, expected]);
    await page.waitForSelector('#state-panel h2:not([data-stale])');
  };
  const type = (id, value) => async () => { await page.fill(id, value); await page.press(id, 'Tab'); };
  await page.click(`#graph [data-state="${scenario.broken}"]`);
  await now(['Type'], 'Task', () => page.selectOption('#state-type', 'Task'));
  await now(['Resource'], scenario.resource, type('#state-resource', scenario.resource));
  await now(['TimeoutSeconds'], 30, type('#state-timeout', '30'));
  await now(['Catch', 'length'], 1, async () => {
    await page.selectOption('#catch-target', scenario.catchTo);
    await page.click('#add-catch');
  });
  results.afterForm = await settled('OK');
  await page.uncheck('#publish');
  await page.click('#save');
  await page.waitForFunction(() => document.querySelector('#saved')?.textContent.startsWith('Saved'));
  results.formDefinition = JSON.parse(await text());

  // the Retry and Catch editors on the Task: two retriers added, one edited (a BackoffRate of 0.5 is the validator's
  // finding until it is 1.5), a field emptied, moved up, one removed; a second Catch added, edited, moved above the
  // States.ALL one (the validator wants that one last), its Next changed; then saved
  const defined = async () => JSON.parse(await text()).States[broken];
  await now(['Retry', 'length'], 1, () => page.click('#add-retry'));
  await now(['Retry', 'length'], 2, () => page.click('#add-retry'));
  results.addedRetry = (await defined()).Retry;
  await now(['Retry', 0, 'ErrorEquals'], ['States.Timeout'], type('#retry-0-errors', 'States.Timeout, '));
  await now(['Retry', 0, 'ErrorEquals', 'length'], 2, () => page.selectOption('#retry-0-add-error', 'Lambda.TooManyRequestsException'));
  await now(['Retry', 0, 'IntervalSeconds'], 2, type('#retry-0-interval', '2'));
  await now(['Retry', 0, 'MaxAttempts'], 5, type('#retry-0-attempts', '5'));
  await now(['Retry', 0, 'BackoffRate'], 0.5, type('#retry-0-backoff', '0.5'));
  results.lowBackoff = await settled('FAIL');
  await page.waitForSelector('#graph [data-state="Charge"].finding');
  results.lowBackoffFindings = await page.$$eval('#findings li.finding', lis => lis.map(li => li.textContent));
  await shot('console-designer-retry', true);
  await now(['Retry', 0, 'BackoffRate'], 1.5, type('#retry-0-backoff', '1.5'));
  results.fixedBackoff = await settled('OK');
  await now(['Retry', 0, 'MaxDelaySeconds'], 30, type('#retry-0-max-delay', '30'));
  await now(['Retry', 0, 'JitterStrategy'], 'FULL', () => page.selectOption('#retry-0-jitter', 'FULL'));
  await now(['Retry', 1, 'MaxAttempts'], 3, type('#retry-1-attempts', '3'));
  await now(['Retry', 1, 'IntervalSeconds'], 1, type('#retry-1-interval', '1'));
  await now(['Retry', 1, 'MaxAttempts'], undefined, type('#retry-1-attempts', ''));
  await now(['Retry', 0, 'IntervalSeconds'], 1, () => page.click('#retry-1-up'));
  results.reorderedRetry = (await defined()).Retry;
  await now(['Retry', 'length'], 1, () => page.click('#retry-0-remove'));
  await now(['Catch', 'length'], 2, async () => { await page.selectOption('#catch-target', scenario.next); await page.click('#add-catch'); });
  await now(['Catch', 1, 'ErrorEquals'], ['States.TaskFailed'], type('#catch-1-errors', 'States.TaskFailed'));
  results.allNotLast = await settled('FAIL');
  results.allNotLastFindings = await page.$$eval('#findings li.finding', lis => lis.map(li => li.textContent));
  await now(['Catch', 1, 'ResultPath'], '$.error', type('#catch-1-result-path', '$.error'));
  await now(['Catch', 0, 'ErrorEquals'], ['States.TaskFailed'], () => page.click('#catch-1-up'));
  results.allLast = await settled('OK');
  await now(['Catch', 0, 'Next'], scenario.catchTo, () => page.selectOption('#catch-0-next', scenario.catchTo));
  results.afterHandlers = await settled('OK');
  await page.click('#save');
  await page.waitForFunction(() => document.querySelector('#saved')?.textContent.startsWith('Saved'));
  results.handlersDefinition = JSON.parse(await text());

  // a refusal is shown with AWS's message
  await page.fill('#definition', JSON.stringify({ StartAt: 'Nowhere', States: {} }));
  await settled('FAIL');
  await page.uncheck('#publish');
  refusing = true;
  await page.click('#save');
  await page.waitForFunction(() => document.querySelector('#save-error')?.textContent);
  results.refusal = await page.textContent('#save-error');
  refusing = false;

  // a new machine from /console/designer: created, then its page
  await go(page, `${base}/console/designer`);
  await settled('OK');
  await page.fill('#machine-name', scenario.newName);
  await page.click('#save');
  await page.waitForURL(/\/console\/state-machines\/arn/);
  results.createdUrl = page.url();
});
