// Drives Debian's chromium through playwright-core: draws definitions with graph.js on index.html and writes what
// the page shows (results.json) and screenshots into OUT_DIR. ConsoleGraphTest asserts on results.json.
//   node run.mjs BASE_URL OUT_DIR PLAYWRIGHT_DIR [CHROMIUM]
import { go, playwright } from '../console-common/browser.mjs';
import { writeFileSync } from 'node:fs';

const [base, out, playwrightDir, executablePath = '/usr/bin/chromium'] = process.argv.slice(2);
const { chromium } = playwright(playwrightDir);

const task = (next, extra = {}) => ({ Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', ...next, ...extra });
const definitions = {
    choice: {
        StartAt: 'Check', States: {
            Check: { Type: 'Choice', Choices: [
                { Variable: '$.status', StringEquals: 'FAILED', Next: 'Alert' },
                { Variable: '$.count', NumericGreaterThan: 100, Next: 'Big' },
                { And: [{ Variable: '$.retry', IsPresent: true }, { Not: { Variable: '$.done', BooleanEquals: true } }], Next: 'Again' },
            ], Default: 'Done' },
            Alert: task({ Next: 'Judge' }), Big: { Type: 'Wait', Seconds: 5, Next: 'Judge' }, Again: { Type: 'Pass', Next: 'Check' },
            Judge: { Type: 'Choice', QueryLanguage: 'JSONata', Choices: [{ Condition: '{% $states.input.score >= 0.5 %}', Next: 'Done' }], Default: 'Fail' },
            Done: { Type: 'Succeed' }, Fail: { Type: 'Fail', Error: 'Low', Cause: 'score' },
        },
    },
    parallel: {
        StartAt: 'Both', States: {
            Both: { Type: 'Parallel', Next: 'Join', Branches: [
                { StartAt: 'A1', States: { A1: task({ Next: 'A2' }), A2: { Type: 'Pass', End: true } } },
                { StartAt: 'B1', States: { B1: { Type: 'Wait', Seconds: 1, Next: 'B2' }, B2: task({ End: true }) } },
            ] },
            Join: { Type: 'Pass', End: true },
        },
    },
    map: {
        StartAt: 'Each', States: {
            Each: { Type: 'Map', ItemsPath: '$.items', Next: 'Old',
                Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
                Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Report' }],
                ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Work', States: {
                    Work: task({ End: true }, {
                        Retry: [{ ErrorEquals: ['Timeout'], MaxAttempts: 5 }, { ErrorEquals: ['Lambda.ServiceException', 'Lambda.SdkClientException'], MaxAttempts: 2 }],
                        Catch: [{ ErrorEquals: ['Bad.Input', 'Bad.Data'], Next: 'Skip' }] }),
                    Skip: { Type: 'Pass', End: true } } } },
            Old: { Type: 'Map', Iterator: { StartAt: 'Inner', States: { Inner: { Type: 'Pass', End: true } } }, End: true },
            Report: task({ End: true }),
        },
    },
    weeklyReport: await (await fetch(`${base}/examples/weekly-report/definition.json`)).json(),
    broken: { StartAt: 'First', States: { First: { Type: 'Pass', Next: 'Nowhere' } } },
    large: large(200),
};

/** A generated machine of n states: chains of Tasks with Retry and Catch, a Choice every 10, a Parallel every 50. */
function large(n) {
    const States = {};
    const name = i => `Step${String(i).padStart(3, '0')}`;
    for (let i = 0; i < n; i++) {
        const next = i + 1 < n ? { Next: name(i + 1) } : { End: true };
        if (i % 50 === 25) States[name(i)] = { Type: 'Parallel', ...next, Branches: [0, 1].map(b => ({ StartAt: `${name(i)}b${b}`, States: { [`${name(i)}b${b}`]: { Type: 'Pass', End: true } } })) };
        else if (i % 10 === 5 && i + 3 < n) States[name(i)] = { Type: 'Choice', Default: name(i + 1), Choices: [{ Variable: '$.n', NumericLessThan: i, Next: name(i + 3) }] };
        else States[name(i)] = task(next, i % 7 === 3 ? { Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 2 }], Catch: [{ ErrorEquals: ['States.ALL'], Next: name(n - 1) }] } : {});
    }
    return { StartAt: name(0), States };
}

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
const results = {};
try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 }, deviceScaleFactor: 1 });
    const problems = [];
    page.on('pageerror', e => problems.push(`page error: ${e.message}`));
    page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
    await go(page, `${base}/console-graph/index.html`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const shoot = name => page.locator('#graph').screenshot({ path: `${out}/${name}.png` });
    const draw = async name => { const r = await page.evaluate(d => harness.draw(d), definitions[name]); await shoot(name); return r; };
    const call = (method, ...args) => page.evaluate(([m, a]) => harness.call(m, ...a), [method, args]);

    results.choice = await draw('choice');
    results.rules = await page.evaluate(() => [
        { Variable: '$.s', StringEquals: 'x"y' }, { Variable: '$.t', TimestampLessThanEquals: '2026-01-01T00:00:00Z' },
        { Variable: '$.a', NumericEqualsPath: '$.b' }, { Variable: '$.v', IsNull: false }, { Variable: '$.n', StringMatches: 'log-*.txt' },
        { Or: [{ Variable: '$.a', NumericLessThan: 1 }, { And: [{ Variable: '$.b', IsString: true }, { Variable: '$.c', BooleanEquals: false }] }] },
        { Not: { Or: [{ Variable: '$.x', IsPresent: true }, { Variable: '$.y', IsPresent: true }] } },
        { Condition: '{%  $states.input.kind in ["a", "b"]  %}' },
    ].map(harness.describeRule));
    results.parallel = await draw('parallel');
    results.map = await draw('map');
    results.broken = await draw('broken');
    results.brokenFindings = await call('markFindings', [{ state: 'First', message: 'Next "Nowhere" is not a state' }, { message: 'StartAt is fine' }]);

    results.weeklyReport = await draw('weeklyReport');
    results.running = await call('setStatuses', { BuildReports: 'running', BuildReport: 'running', RecordFailure: 'caught' });
    results.badges = await call('setBadges', { BuildReports: '734/1000', BuildReport: 'retried 2x' });
    await shoot('weekly-report-running');
    results.findings = await call('markFindings', [{ state: 'Summarize', message: 'Output refers to $states.input.reportz' }, { state: 'Summarize', message: 'second' }]);
    await shoot('weekly-report-findings');
    results.findingsCleared = await call('markFindings', []);
    await page.locator('[data-state="RecordFailure"] > .frame').click();
    results.clicked = await page.evaluate(() => harness.facts());
    results.done = await call('setStatuses', { BuildReports: 'succeeded', BuildReport: 'succeeded', RecordFailure: 'caught', Summarize: 'failed' });
    results.done2 = await call('setBadges', { BuildReports: '1000/1000' });
    await page.mouse.move(500, 350);
    await page.mouse.wheel(0, -300);
    results.zoomed = await page.evaluate(() => harness.facts().transform);
    await page.mouse.move(400, 300); await page.mouse.down(); await page.mouse.move(300, 250, { steps: 4 }); await page.mouse.up();
    results.panned = await page.evaluate(() => harness.facts().transform);
    await page.click('.sw-graph-tools [data-action=fit]');
    results.fitted = await page.evaluate(() => harness.facts().transform);
    results.svg = await page.evaluate(() => harness.exportSvg());
    writeFileSync(`${out}/weekly-report.svg`, results.svg);
    results.png = await page.evaluate(() => harness.exportPng());
    await page.evaluate(() => harness.call('setStatuses', { BuildReports: 'succeeded', BuildReport: 'succeeded', RecordFailure: 'caught', Summarize: 'running' }));
    await page.evaluate(() => { harness.call('setBadges', { BuildReports: '1000/1000', BuildReport: 'retried 20x' }); harness.call('select', null); });
    await page.mouse.move(0, 0);
    await page.evaluate(() => { document.getElementById('graph').style.width = '640px'; document.getElementById('graph').style.height = '680px'; });
    await page.waitForTimeout(200);
    await page.locator('#graph').screenshot({ path: `${out}/console-graph.png`, animations: 'disabled' });

    await page.evaluate(() => { document.getElementById('graph').style.width = ''; document.getElementById('graph').style.height = ''; });
    results.large = await draw('large');
    results.largeStatusMs = await page.evaluate(() => harness.statusRounds(100));
    results.largeSelect = await call('select', 'Step199');
    results.problems = problems;
} finally {
    await browser.close();
}
const json = JSON.stringify(results, null, 1);
writeFileSync(`${out}/results.json`, json);
console.log(`results: ${out}/results.json`);
