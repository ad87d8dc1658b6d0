// Signs in to a server that checks SigV4, in Debian's chromium through playwright-core, as a person would, and writes
// what it saw (results.json) and screenshots into OUT_DIR (docs/console-signin.png into DOCS_DIR).
//   node run.mjs BASE_URL OUT_DIR DOCS_DIR PLAYWRIGHT_DIR CHROMIUM SCENARIO_JSON
import { go, open, record } from '../console-common/browser.mjs';

// refusals are the point here: chromium logs each 403 as an error
const session = await open({ width: 1300, height: 800 },
  text => text.includes('status of 403'));
const { base, out, scenario, browser, page, errors, shot } = session;
const results = {};
const rows = () => page.$$eval('#machines tbody tr', trs => trs.map(tr => tr.textContent));
const dialog = () => page.$('dialog#sign-in[open]').then(d => d !== null);
const signIn = async (id, secret) => {
  await page.fill('#access-key-id', id);
  await page.fill('#secret-access-key', secret);
  await page.click('#sign-in-submit');
};

await record(session, results, async () => {
  // a server without authentication: the console just opens
  await go(page, `${scenario.open}/console/state-machines`);
  await page.waitForSelector('#machines tbody tr');
  results.openMachines = await rows();
  results.openAsked = await dialog();
  results.openSignOut = (await page.$('#sign-out')) !== null;

  // one that checks SigV4, opened over the LAN: not a secure context, so no crypto.subtle
  await go(page, `${base}/console/state-machines`);
  await page.waitForSelector('dialog#sign-in[open]');
  results.secureContext = await page.evaluate(() => window.isSecureContext);
  results.subtle = await page.evaluate(() => Boolean(globalThis.crypto?.subtle));
  results.askedFor = await page.textContent('dialog#sign-in p.muted');
  results.machinesBeforeSignIn = await rows();
  // the page itself, unsigned, is refused like any plain client
  results.unsigned = await page.evaluate(async () => {
    const answer = async (url, init) => {
      const r = await fetch(url, init);
      return r.status + ' ' + r.headers.get('x-amzn-ErrorType');
    };
    return {
      stepFunctions: await answer('/', { method: 'POST', headers: { 'Content-Type': 'application/x-amz-json-1.0',
        'X-Amz-Target': 'AWSStepFunctions.ListStateMachines' }, body: '{}' }),
      lambda: await answer('/2015-03-31/functions/'),
      stepwise: await answer('/stepwise/v1/functions/hello/invocations'),
    };
  });

  // cancelled: the page shows the refusal, and other pages do not ask again until "Sign in" in the header
  await page.click('#sign-in-cancel');
  await page.waitForSelector('.page .card.error');
  results.cancelled = await page.textContent('.page .card.error');
  await page.click('header nav a[data-section="functions"]');
  await page.waitForURL(/\/console\/functions$/);
  await page.waitForSelector('.page .card.error');
  results.askedAfterCancel = await dialog();
  await page.click('header nav a[data-section="state-machines"]');
  await page.waitForURL(/\/console\/state-machines$/);
  await page.waitForSelector('.page .card.error');
  await page.click('#sign-in-again');
  await page.waitForSelector('dialog#sign-in[open]');

  // a wrong secret, then an unknown key: the server's refusal in the dialog, which stays open
  await signIn(scenario.id, scenario.secret + 'x');
  await page.waitForFunction(() => document.querySelector('#sign-in-error')?.textContent);
  results.wrongSecret = await page.textContent('#sign-in-error');
  await shot('console-signin', true);
  await signIn('AKIDNOBODY', scenario.secret);
  await page.waitForFunction(w => (document.querySelector('#sign-in-error')?.textContent || w) !== w, results.wrongSecret);
  results.unknownKey = await page.textContent('#sign-in-error');
  results.dialogOpenAfterRefusal = await dialog();

  // the right one: the list the refused page asked for comes
  await signIn(scenario.id, scenario.secret);
  await page.waitForSelector('#machines tbody tr');
  results.machines = await rows();
  results.signOutTitle = await page.getAttribute('#sign-out', 'title');
  results.storage = await page.evaluate(() => sessionStorage.getItem('stepwise.credentials') ? 'sessionStorage' : 'none');
  results.localStorageKeys = await page.evaluate(() => Object.keys(localStorage));

  // a write, signed: start an execution from the machine's page and watch it end
  await page.click('#machines a:text-is("orders")');
  await page.waitForSelector('#executions');
  results.machineArn = scenario.machine;
  await page.fill('#name', 'from-the-signed-console');
  await page.click('#start');
  await page.waitForURL(/\/console\/executions\//);
  await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'SUCCEEDED');
  results.executionStatus = await page.textContent('#status');

  // a function: invoke it, and its invocations from /stepwise/v1
  await go(page, `${base}/console/functions/${encodeURIComponent(scenario.function)}`);
  await page.waitForSelector('#config');
  results.askedAfterReload = await dialog();
  await page.fill('#payload', scenario.payload);
  await page.click('#invoke');
  await page.waitForSelector('#response');
  results.response = await page.textContent('#response');
  await page.waitForFunction(() => document.querySelectorAll('#invocations tbody tr').length > 0);
  results.invocations = await page.$$eval('#invocations tbody tr', trs => trs.length);

  // Sign out: the key is forgotten, and the next call asks again
  await page.click('#sign-out');
  await page.waitForSelector('dialog#sign-in[open]');
  results.askedAfterSignOut = await dialog();
  results.storageAfterSignOut = await page.evaluate(() => sessionStorage.getItem('stepwise.credentials'));

  // a server whose clock is 20 minutes ahead: the first signature is refused as expired, the next one dated by its clock
  await go(page, `${scenario.ahead}/console/state-machines`);
  await page.waitForSelector('dialog#sign-in[open]');
  await signIn(scenario.id, scenario.secret);
  await page.waitForSelector('#machines tbody tr');
  results.aheadMachines = await rows();
  results.aheadError = await page.$eval('#sign-in-error', e => e.textContent).catch(() => '');
});
