// Draws definitions with the console's graph.js and reports what the DOM shows, for run.mjs (ConsoleGraphTest).
import * as graphModule from '/console/graph.js';
const { drawGraph, describeRule } = graphModule;

const container = document.getElementById('graph');
let graph = null;
const selections = [];

/** What a test can see of the drawn graph. */
function facts() {
    const root = container.querySelector('svg');
    const states = [...root.querySelectorAll('[data-state]')].map(e => ({
        name: e.dataset.state,
        type: e.dataset.type,
        status: [...e.classList].filter(c => c.startsWith('status-')).join(' '),
        group: e.classList.contains('group'),
        parents: ancestors(e).filter(a => a.dataset.state).map(a => a.dataset.state),
        branch: ancestors(e).find(a => a.dataset.branch)?.dataset.branch ?? null,
        retry: [...e.querySelectorAll(':scope > .retry')].map(t => t.textContent),
        badge: e.querySelector(':scope > .badge text')?.textContent ?? null,
        finding: e.classList.contains('finding') ? e.querySelector(':scope > .finding-label title')?.textContent ?? '' : null,
        selected: e.classList.contains('selected'),
    }));
    const edges = [...root.querySelectorAll('.edge')].map(e => ({
        kind: [...e.classList].find(c => c.startsWith('kind-')).slice(5),
        from: e.dataset.from, to: e.dataset.to,
        label: e.querySelector('.edge-label title')?.textContent ?? e.querySelector('.edge-label text')?.textContent ?? null,
        dashed: getComputedStyle(e.querySelector('path')).strokeDasharray !== 'none',
    }));
    return {
        states, edges,
        starts: root.querySelectorAll('[data-terminal=start]').length,
        ends: root.querySelectorAll('[data-terminal=end]').length,
        branches: root.querySelectorAll('.branch').length,
        missing: [...root.querySelectorAll('[data-missing]')].map(e => e.dataset.missing),
        unplaced: [...container.querySelectorAll('.sw-graph-unplaced li')].map(li => li.textContent),
        transform: root.querySelector('.viewport').getAttribute('transform'),
        selections: [...selections],
    };
}

function ancestors(e) {
    const list = [];
    for (let p = e.parentElement; p && p.tagName !== 'svg'; p = p.parentElement) list.push(p);
    return list;
}

window.harness = {
    facts,
    describeRule,
    async draw(definition) {
        graph?.destroy();
        selections.length = 0;
        // the page's longest stall while the graph is made: a timer that should tick every 5 ms
        let last = performance.now(), stalledMs = 0;
        const ticker = setInterval(() => { const now = performance.now(); stalledMs = Math.max(stalledMs, now - last); last = now; }, 5);
        const started = performance.now();
        try {
            graph = await drawGraph(container, definition, { onSelect: name => selections.push(name) });
        } finally {
            clearInterval(ticker);
        }
        return { timings: { ...graph.timings, totalMs: performance.now() - started, stalledMs }, layoutIn: graphModule.layoutIn,
            facts: facts() };
    },
    call(method, ...args) {
        const started = performance.now();
        graph[method](...args);
        return { ms: performance.now() - started, facts: facts() };
    },
    /** setStatuses on every state, round after round, as an execution moves through them: ms per call. */
    statusRounds(rounds) {
        const names = graph.states();
        const order = ['running', 'succeeded', 'failed', 'caught', 'cancelled'];
        const started = performance.now();
        for (let r = 0; r < rounds; r++) {
            const statuses = {};
            names.forEach((n, i) => { if (i <= (r * names.length) / rounds) statuses[n] = order[(i + r) % order.length]; });
            graph.setStatuses(statuses);
            graph.setBadges({ [names[r % names.length]]: `${r}/${rounds}` });
        }
        return (performance.now() - started) / rounds;
    },
    exportSvg: () => graph.exportSvg(),
    async exportPng() {
        const blob = await graph.exportPng();
        const bytes = new Uint8Array(await blob.arrayBuffer());
        return { type: blob.type, size: blob.size, magic: [...bytes.slice(0, 4)] };
    },
};
document.body.dataset.ready = 'true';
