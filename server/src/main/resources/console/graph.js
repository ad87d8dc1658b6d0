// The state machine graph: an Amazon States Language definition drawn as nested, layered boxes.
//
// Design: model() turns the definition into an ELK graph, one compound node per Parallel state (holding one per
// branch) and per Map state (holding its ItemProcessor or Iterator), each of those scopes with its own Start and End.
// elkjs (lib/elk.bundled.js, layered, top to bottom) places it once; render() draws it once as SVG. Statuses, badges,
// findings and the selection only toggle classes and small overlays on the drawn nodes: they never lay out again,
// so setStatuses can run every second on a 200-state machine. The styles live here rather than in a .css file
// (a deliberate exception) so that one import is the whole graph and an exported SVG carries the same styles.
// The graph is tolerant: a definition being typed (no States, a Next to nowhere) still draws, the missing target
// as a dashed box, so the designer can show the validator's findings on it.

export const STATUSES = ['not-started', 'running', 'succeeded', 'failed', 'caught', 'cancelled'];

const FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
const MONO = 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace';
const FONT = { name: `600 13px ${FAMILY}`, small: `11px ${FAMILY}`, label: `10.5px ${MONO}`, badge: `600 10.5px ${FAMILY}` };
const LAYOUT = {
    'elk.algorithm': 'layered',
    'elk.direction': 'DOWN',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.spacing.nodeNode': '28',
    'elk.spacing.edgeNode': '14',
    'elk.spacing.edgeEdge': '10',
    'elk.spacing.edgeLabel': '4',
    'elk.layered.spacing.nodeNodeBetweenLayers': '34',
    'elk.layered.spacing.edgeNodeBetweenLayers': '14',
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    // a loop back (Choice to an earlier state, a Catch to a retry step) points up, the definition's order down
    'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
    'elk.edgeLabels.placement': 'CENTER',
};
const MARGIN = 24;

// The palette: border and fill per status (also used by the export, which cannot see the page's stylesheets).
const COLOURS = {
    'not-started': ['#9aa0a6', '#ffffff'], running: ['#1a73e8', '#e8f0fe'], succeeded: ['#188038', '#e6f4ea'],
    failed: ['#d93025', '#fce8e6'], caught: ['#e8710a', '#feefe3'], cancelled: ['#3c4043', '#dadce0'],
};
const CSS = `
svg.sw-graph-svg { font: ${FONT.small}; user-select: none; background: #fff; }
svg.sw-graph-svg text { fill: #202124; dominant-baseline: middle; text-anchor: middle; }
.sw-graph-svg .frame { stroke-width: 1.5px; }
.sw-graph-svg .state > .frame { stroke: #9aa0a6; fill: #fff; }
.sw-graph-svg .group > .frame { fill-opacity: .35; }
${STATUSES.map(s => `.sw-graph-svg .status-${s} > .frame { stroke: ${COLOURS[s][0]}; fill: ${COLOURS[s][1]}; }`).join('\n')}
.sw-graph-svg .status-not-started > .frame { fill: #fff; }
.sw-graph-svg .status-running > .frame { stroke-width: 2.5px; animation: sw-pulse 1.2s ease-in-out infinite; }
.sw-graph-svg .status-failed > .frame, .sw-graph-svg .status-caught > .frame { stroke-width: 2px; }
@keyframes sw-pulse { 50% { stroke-opacity: .3; } }
@media (prefers-reduced-motion: reduce) { .sw-graph-svg .status-running > .frame { animation: none; } }
.sw-graph-svg .state { cursor: pointer; }
.sw-graph-svg .name { font: ${FONT.name}; }
.sw-graph-svg .type, .sw-graph-svg .retry, .sw-graph-svg .branch-label { fill: #5f6368; }
.sw-graph-svg .group > .name, .sw-graph-svg .group > .type, .sw-graph-svg .group > .retry { text-anchor: start; }
.sw-graph-svg .retry { fill: #9334e6; }
.sw-graph-svg .branch > .frame { fill: #f8f9fa; fill-opacity: .7; stroke: #dadce0; stroke-dasharray: 4 3; }
.sw-graph-svg .branch-label { text-anchor: start; }
.sw-graph-svg .terminal > .frame { fill: #3c4043; stroke: #3c4043; }
.sw-graph-svg .terminal > text { fill: #fff; font-weight: 600; }
.sw-graph-svg .missing > .frame { fill: #fff; stroke: #d93025; stroke-dasharray: 5 3; }
.sw-graph-svg .missing > text { fill: #d93025; }
.sw-graph-svg .edge path { fill: none; stroke: #80868b; stroke-width: 1.4px; }
.sw-graph-svg .kind-catch path { stroke: #e8710a; stroke-dasharray: 6 4; }
.sw-graph-svg .kind-default path { stroke-dasharray: 2 3; }
.sw-graph-svg .edge-label rect { fill: #fff; stroke: #dadce0; }
.sw-graph-svg .kind-catch .edge-label rect { fill: #fff7f0; stroke: #f6c28b; }
.sw-graph-svg .kind-catch .edge-label text { fill: #b3540a; }
.sw-graph-svg .edge-label text { fill: #3c4043; font: ${FONT.label}; }
.sw-graph-svg #sw-arrow path { fill: #80868b; } .sw-graph-svg #sw-arrow-catch path { fill: #e8710a; }
.sw-graph-svg .badge rect { fill: #1a73e8; } .sw-graph-svg .badge text { fill: #fff; font: ${FONT.badge}; }
.sw-graph-svg .selected > .frame { stroke: #1967d2; stroke-width: 3px; filter: drop-shadow(0 0 4px rgba(26,115,232,.6)); }
.sw-graph-svg .finding > .frame { stroke: #d93025; stroke-width: 3px; stroke-dasharray: 6 3; }
.sw-graph-svg .finding-label rect { fill: #d93025; } .sw-graph-svg .finding-label text { fill: #fff; text-anchor: start; }
`;
const PAGE_CSS = `
.sw-graph { position: relative; width: 100%; height: 100%; overflow: hidden; background: #fff; }
.sw-graph > svg { display: block; width: 100%; height: 100%; cursor: grab; touch-action: none; }
.sw-graph > svg.panning { cursor: grabbing; }
.sw-graph-tools { position: absolute; right: 8px; top: 8px; display: flex; gap: 4px; }
.sw-graph-tools button { font: 13px ${FAMILY}; min-width: 28px; height: 28px; border: 1px solid #dadce0; border-radius: 4px;
  background: #fff; cursor: pointer; } .sw-graph-tools button:hover { background: #f1f3f4; }
.sw-graph-unplaced { position: absolute; left: 8px; bottom: 8px; max-width: 60%; margin: 0; padding: 6px 10px 6px 24px;
  font: 12px ${FAMILY}; color: #fff; background: #d93025; border-radius: 4px; }
`;

// ---- Choice rules, retries, catchers as short text ----

const OPERATORS = { Equals: '==', LessThan: '<', GreaterThan: '>', LessThanEquals: '<=', GreaterThanEquals: '>=' };
const TESTS = { IsNull: 'null', IsPresent: 'present', IsNumeric: 'numeric', IsString: 'a string', IsBoolean: 'a boolean',
    IsTimestamp: 'a timestamp' };

/** A Choice rule (JSONPath comparison, And/Or/Not, or a JSONata Condition) as one compact line. */
export function describeRule(rule) {
    if (rule === null || typeof rule !== 'object') return '?';
    if ('Condition' in rule) {
        const text = String(rule.Condition).trim();
        return text.startsWith('{%') && text.endsWith('%}') ? text.slice(2, -2).trim().replace(/\s+/g, ' ') : text;
    }
    const joined = (rules, op) => Array.isArray(rules) && rules.length
        ? rules.map(r => (r && (r.And || r.Or) ? `(${describeRule(r)})` : describeRule(r))).join(` ${op} `) : '?';
    if ('And' in rule) return joined(rule.And, '&&');
    if ('Or' in rule) return joined(rule.Or, '||');
    if ('Not' in rule) {
        const inner = describeRule(rule.Not);
        return /^[\w.$\[\]'"]+$/.test(inner) ? `!${inner}` : `!(${inner})`;
    }
    const variable = rule.Variable ?? '?';
    for (const [key, value] of Object.entries(rule)) {
        const comparison = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals)(Path)?$/.exec(key);
        if (comparison) {
            const literal = comparison[3] || comparison[1] === 'Numeric' || comparison[1] === 'Boolean' ? String(value) : JSON.stringify(value);
            return `${variable} ${OPERATORS[comparison[2]]} ${literal}`;
        }
        if (key === 'StringMatches') return `${variable} matches ${JSON.stringify(value)}`;
        if (key in TESTS) return `${variable} is ${value === false ? 'not ' : ''}${TESTS[key]}`;
    }
    return `${variable} ?`;
}

const errors = list => (Array.isArray(list) && list.length ? list.join(', ') : '?');

function retryLines(retry) {
    if (!Array.isArray(retry) || !retry.length) return { lines: [], title: '' };
    const attempts = r => `×${r?.MaxAttempts ?? 3}`;
    const short = r => {
        const list = Array.isArray(r?.ErrorEquals) ? r.ErrorEquals : [];
        return `↻ ${list[0] ?? '?'}${list.length > 1 ? ` +${list.length - 1}` : ''} ${attempts(r)}`;
    };
    const lines = retry.slice(0, retry.length > 3 ? 2 : 3).map(short);
    if (retry.length > 3) lines.push(`↻ +${retry.length - 2} more`);
    const title = 'Retry:\n' + retry.map(r => `  ${errors(r?.ErrorEquals)} ${attempts(r)}`
        + ` (every ${r?.IntervalSeconds ?? 1} s, backoff ${r?.BackoffRate ?? 2})`).join('\n');
    return { lines, title };
}

// ---- the definition as an ELK graph ----

let measureContext;
function textWidth(text, font) {
    measureContext ??= document.createElement('canvas').getContext('2d');
    measureContext.font = font;
    return Math.ceil(measureContext.measureText(text).width);
}

const clip = (text, max) => (text.length > max ? text.slice(0, max - 1) + '…' : text);

/** The ELK graph of a definition, and what each ELK node and edge stands for (by ELK id). */
function model(definition) {
    const info = new Map();
    let next = 0;
    const node = (data, elk) => {
        const id = `n${next++}`;
        info.set(id, data);
        return { id, ...elk };
    };

    function scope(machine, extra = {}) {
        const states = machine && typeof machine.States === 'object' && machine.States ? machine.States : {};
        const start = node({ kind: 'start' }, { width: 56, height: 24, layoutOptions: { 'elk.layered.layering.layerConstraint': 'FIRST_SEPARATE' } });
        const end = node({ kind: 'end' }, { width: 56, height: 24, layoutOptions: { 'elk.layered.layering.layerConstraint': 'LAST_SEPARATE' } });
        const children = [start];
        const edges = [];
        const ids = new Map();
        for (const [name, state] of Object.entries(states)) {
            const child = stateNode(name, state && typeof state === 'object' ? state : {});
            ids.set(name, child.id);
            children.push(child);
        }
        const missing = new Map();
        const target = name => {
            if (ids.has(name)) return ids.get(name);
            if (!missing.has(name)) {
                const text = typeof name === 'string' ? name : '(no name)';
                const ghost = node({ kind: 'missing', name: text }, { width: Math.max(100, textWidth(clip(text, 40), FONT.name) + 24), height: 40 });
                missing.set(name, ghost.id);
                children.push(ghost);
            }
            return missing.get(name);
        };
        const edge = (from, to, kind, label) => {
            const elk = { id: `e${next++}`, sources: [from], targets: [to] };
            if (label) {
                const text = clip(label, 44);
                elk.labels = [{ text, width: textWidth(text, FONT.label) + 10, height: 16 }];
            }
            info.set(elk.id, { kind, label: label ?? '', from: info.get(from), to: info.get(to) });
            edges.push(elk);
        };
        if (machine && 'StartAt' in machine) edge(start.id, target(machine.StartAt), 'start');
        for (const [name, state] of Object.entries(states)) {
            const from = ids.get(name);
            const s = state && typeof state === 'object' ? state : {};
            if (s.Type === 'Choice') {
                for (const rule of Array.isArray(s.Choices) ? s.Choices : []) edge(from, target(rule?.Next), 'choice', describeRule(rule));
                if ('Default' in s) edge(from, target(s.Default), 'default', 'Default');
            } else if (s.Type === 'Succeed' || s.Type === 'Fail' || s.End === true) {
                edge(from, end.id, 'end');
            } else if ('Next' in s) {
                edge(from, target(s.Next), 'next');
            }
            for (const catcher of Array.isArray(s.Catch) ? s.Catch : []) edge(from, target(catcher?.Next), 'catch', errors(catcher?.ErrorEquals));
        }
        children.push(end);
        return { ...extra, children, edges };
    }

    function stateNode(name, state) {
        const type = typeof state.Type === 'string' ? state.Type : '?';
        const retry = retryLines(state.Retry);
        const data = { kind: 'state', name, type, retry };
        const title = clip(name, 40);
        const width = Math.max(textWidth(title, FONT.name), textWidth(type, FONT.small), ...retry.lines.map(l => textWidth(l, FONT.small)));
        if (type === 'Parallel' || type === 'Map') {
            const top = 46 + 14 * retry.lines.length;
            const options = { ...LAYOUT, 'elk.padding': `[top=${top},left=14,bottom=14,right=14]`,
                'elk.nodeSize.constraints': 'MINIMUM_SIZE', 'elk.nodeSize.minimum': `(${width + 28}, ${top + 20})` };
            if (type === 'Parallel') {
                const branches = (Array.isArray(state.Branches) ? state.Branches : []).map((branch, i) => node({ kind: 'branch', index: i },
                    scope(branch, { layoutOptions: { ...LAYOUT, 'elk.padding': '[top=26,left=12,bottom=12,right=12]',
                        'elk.nodeSize.constraints': 'MINIMUM_SIZE', 'elk.nodeSize.minimum': '(90, 60)' } })));
                return node(data, { layoutOptions: options, children: branches, edges: [] });
            }
            return node(data, scope(state.ItemProcessor ?? state.Iterator, { layoutOptions: options }));
        }
        return node(data, { width: Math.max(120, width + 24), height: 44 + 14 * retry.lines.length });
    }

    const root = scope(definition && typeof definition === 'object' ? definition : {}, { id: 'root', layoutOptions: LAYOUT });
    return { root, info };
}

// ---- ELK: the API loaded once as the classic script it is (it sets window.ELK); the layout itself runs in a Web
// Worker (lib/elk-worker.js), so a large machine's layout never freezes the page, and in the page where workers are
// unavailable. warmUp() starts the worker and lays out a tiny graph, so elk's compiled code is warm by the first graph.

let elkLoading;
export let layoutIn = 'none';
function elk() {
    elkLoading ??= loadElk().catch(e => { elkLoading = undefined; throw e; });
    return elkLoading;
}

async function loadElk() {
    if (!globalThis.ELK) {
        await new Promise((resolve, reject) => {
            const script = document.createElement('script');
            script.src = new URL('./lib/elk.bundled.js', import.meta.url).href;
            script.onload = resolve;
            script.onerror = () => reject(new Error(`cannot load ${script.src}`));
            document.head.append(script);
        });
    }
    if (typeof Worker === 'function') {
        try {
            const url = new URL('./lib/elk-worker.js', import.meta.url).href;
            const instance = new globalThis.ELK({ workerFactory: () => new Worker(url) });
            layoutIn = 'worker';
            return instance;
        } catch (e) {
            console.info('graph: no layout worker, laying out in the page:', e.message);
        }
    }
    layoutIn = 'page';
    return new globalThis.ELK();
}

/** Starts the layout worker and warms elk up on a tiny graph (call once when the console opens). */
export function warmUp() {
    elk().then(e => e.layout({ id: 'warm', layoutOptions: LAYOUT, children: [{ id: 'a', width: 10, height: 10 },
        { id: 'b', width: 10, height: 10 }], edges: [{ id: 'e', sources: ['a'], targets: ['b'] }] })).catch(() => {});
}

// ---- SVG ----

const SVG = 'http://www.w3.org/2000/svg';
function el(parent, tag, attributes = {}, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    parent?.append(e);
    return e;
}

function installStyles() {
    if (document.getElementById('sw-graph-styles')) return;
    const style = document.createElement('style');
    style.id = 'sw-graph-styles';
    style.textContent = PAGE_CSS + CSS;
    document.head.append(style);
}

/** An orthogonal route with rounded corners. */
function route(section) {
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
    let d = `M${points[0].x},${points[0].y}`;
    for (let i = 1; i < points.length - 1; i++) {
        const [a, b, c] = [points[i - 1], points[i], points[i + 1]];
        const r = Math.min(6, Math.hypot(b.x - a.x, b.y - a.y) / 2, Math.hypot(c.x - b.x, c.y - b.y) / 2);
        const towards = (p, q, len) => { const l = Math.hypot(q.x - p.x, q.y - p.y) || 1; return { x: p.x + (q.x - p.x) * len / l, y: p.y + (q.y - p.y) * len / l }; };
        const p1 = towards(b, a, r), p2 = towards(b, c, r);
        d += ` L${p1.x},${p1.y} Q${b.x},${b.y} ${p2.x},${p2.y}`;
    }
    const last = points[points.length - 1];
    return d + ` L${last.x},${last.y}`;
}

/** Draws the laid-out ELK node's edges and children into parent; records each state's element in byName. */
function render(parent, elkNode, info, byName) {
    for (const edge of elkNode.edges ?? []) {
        const data = info.get(edge.id);
        const end = d => (d.kind === 'start' ? 'Start' : d.kind === 'end' ? 'End' : d.name);
        const g = el(parent, 'g', { class: `edge kind-${data.kind}`, 'data-from': end(data.from), 'data-to': end(data.to) });
        for (const section of edge.sections ?? []) el(g, 'path', { d: route(section), 'marker-end': `url(#sw-arrow${data.kind === 'catch' ? '-catch' : ''})` });
        for (const label of edge.labels ?? []) {
            const box = el(g, 'g', { class: 'edge-label', transform: `translate(${label.x},${label.y})` });
            if (label.text !== data.label) el(box, 'title', {}, data.label);
            el(box, 'rect', { width: label.width, height: label.height, rx: 3 });
            el(box, 'text', { x: label.width / 2, y: label.height / 2 + 0.5 }, label.text);
        }
    }
    for (const child of elkNode.children ?? []) {
        const data = info.get(child.id);
        const { width: w, height: h } = child;
        const g = el(parent, 'g', { transform: `translate(${child.x},${child.y})` });
        if (data.kind === 'start' || data.kind === 'end') {
            g.setAttribute('class', `node terminal ${data.kind}`);
            g.dataset.terminal = data.kind;
            el(g, 'rect', { class: 'frame', width: w, height: h, rx: h / 2 });
            el(g, 'text', { x: w / 2, y: h / 2 + 0.5 }, data.kind === 'start' ? 'Start' : 'End');
        } else if (data.kind === 'missing') {
            g.setAttribute('class', 'node missing');
            g.dataset.missing = data.name;
            el(g, 'title', {}, `No state is named "${data.name}"`);
            el(g, 'rect', { class: 'frame', width: w, height: h, rx: 6 });
            el(g, 'text', { x: w / 2, y: 14 }, clip(data.name, 40));
            el(g, 'text', { x: w / 2, y: 29, class: 'type' }, 'not found');
        } else if (data.kind === 'branch') {
            g.setAttribute('class', 'branch');
            g.dataset.branch = String(data.index);
            el(g, 'rect', { class: 'frame', width: w, height: h, rx: 6 });
            el(g, 'text', { x: 10, y: 13, class: 'branch-label' }, `Branch ${data.index + 1}`);
            render(g, child, info, byName);
        } else {
            const group = Boolean(child.children);
            g.setAttribute('class', `node state${group ? ' group' : ''} type-${data.type.toLowerCase()} status-not-started`);
            g.dataset.state = data.name;
            g.dataset.type = data.type;
            g.dataset.status = 'not-started';
            el(g, 'title', {}, `${data.name} (${data.type})${data.retry.title ? '\n' + data.retry.title : ''}`);
            el(g, 'rect', { class: 'frame', width: w, height: h, rx: group ? 8 : 6 });
            const x = group ? 12 : w / 2;
            el(g, 'text', { x, y: 15, class: 'name' }, clip(data.name, 40));
            el(g, 'text', { x, y: 30, class: 'type' }, data.type);
            data.retry.lines.forEach((line, i) => el(g, 'text', { x, y: 44 + 14 * i, class: 'retry' }, line));
            if (group) render(g, child, info, byName);
            if (!byName.has(data.name)) byName.set(data.name, []);
            byName.get(data.name).push({ element: g, width: w, height: h });
        }
    }
}

/**
 * Draws the Amazon States Language definition (a parsed JSON object) into container (a DOM element, sized by CSS).
 * Returns the graph: setStatuses, setBadges, markFindings, select, fit, zoomBy, exportSvg, exportPng, destroy.
 */
export async function drawGraph(container, definition, { onSelect } = {}) {
    installStyles();
    const started = performance.now();
    const { root, info } = model(definition);
    const laidOut = await (await elk()).layout(root, { layoutOptions: LAYOUT });
    const laidOutAt = performance.now();

    const wrapper = document.createElement('div');
    wrapper.className = 'sw-graph';
    const svg = el(null, 'svg', { class: 'sw-graph-svg', xmlns: SVG });
    const defs = el(svg, 'defs');
    for (const id of ['sw-arrow', 'sw-arrow-catch']) {
        const marker = el(defs, 'marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
        el(marker, 'path', { d: 'M0,0 L10,5 L0,10 z' });
    }
    const viewport = el(svg, 'g', { class: 'viewport' });
    const byName = new Map();
    render(viewport, laidOut, info, byName);
    const tools = document.createElement('div');
    tools.className = 'sw-graph-tools';
    for (const [action, text, title] of [['zoom-in', '+', 'Zoom in'], ['zoom-out', '−', 'Zoom out'], ['fit', 'Fit', 'Fit the graph to the view']]) {
        const button = document.createElement('button');
        Object.assign(button, { type: 'button', textContent: text, title });
        button.dataset.action = action;
        tools.append(button);
    }
    const unplaced = document.createElement('ul');
    unplaced.className = 'sw-graph-unplaced';
    unplaced.hidden = true;
    wrapper.append(svg, tools, unplaced);
    container.append(wrapper);

    const size = { width: laidOut.width + 2 * MARGIN, height: laidOut.height + 2 * MARGIN };
    const view = { k: 1, x: 0, y: 0, touched: false };
    const apply = () => viewport.setAttribute('transform', `translate(${view.x + MARGIN * view.k},${view.y + MARGIN * view.k}) scale(${view.k})`);
    const fit = () => {
        const { clientWidth: cw, clientHeight: ch } = svg;
        if (!cw || !ch) return;
        view.k = Math.min(cw / size.width, ch / size.height, 1.25);
        // a long machine shrunk to fit would be unreadable: fit its width instead and show its top (its Start)
        if (view.k < 0.4) view.k = Math.min(cw / size.width, 1);
        view.x = (cw - size.width * view.k) / 2;
        view.y = Math.max(0, (ch - size.height * view.k) / 2);
        view.touched = false;
        apply();
    };
    const zoomBy = (factor, cx = svg.clientWidth / 2, cy = svg.clientHeight / 2) => {
        const k = Math.min(4, Math.max(0.05, view.k * factor));
        view.x = cx - (cx - view.x) * k / view.k;
        view.y = cy - (cy - view.y) * k / view.k;
        view.k = k;
        view.touched = true;
        apply();
    };
    fit();
    const resized = new ResizeObserver(() => { if (!view.touched) fit(); });
    resized.observe(svg);

    svg.addEventListener('wheel', e => {
        e.preventDefault();
        const box = svg.getBoundingClientRect();
        zoomBy(Math.exp(-e.deltaY * (e.deltaMode ? 0.05 : 0.0015)), e.clientX - box.left, e.clientY - box.top);
    }, { passive: false });
    let drag = null;
    svg.addEventListener('pointerdown', e => {
        if (e.button !== 0) return;
        drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false, id: e.pointerId };
    });
    svg.addEventListener('pointermove', e => {
        if (!drag) return;
        const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
        if (!drag.moved && Math.hypot(dx, dy) < 4) return;
        if (!drag.moved) { drag.moved = true; svg.setPointerCapture(drag.id); svg.classList.add('panning'); }
        view.x = drag.vx + dx;
        view.y = drag.vy + dy;
        view.touched = true;
        apply();
    });
    const endDrag = () => { svg.classList.remove('panning'); setTimeout(() => { drag = null; }); };
    svg.addEventListener('pointerup', endDrag);
    svg.addEventListener('pointercancel', endDrag);
    svg.addEventListener('click', e => {
        if (drag?.moved) return;
        const state = e.target.closest?.('[data-state]');
        if (!state) return;
        graph.select(state.dataset.state);
        onSelect?.(state.dataset.state);
    });
    tools.addEventListener('click', e => {
        const action = e.target.closest('button')?.dataset.action;
        if (action === 'fit') fit();
        else if (action) zoomBy(action === 'zoom-in' ? 1.25 : 0.8);
    });

    const statuses = new Map();
    const badges = new Map();
    let selected = null;
    let findingNames = [];
    const nodes = name => byName.get(name) ?? [];

    const graph = {
        /** How long the layout and the drawing took, in milliseconds. */
        timings: { layoutMs: laidOutAt - started, renderMs: performance.now() - laidOutAt },
        /** The names of the states drawn, nested ones included. */
        states: () => [...byName.keys()],

        setStatuses(next = {}) {
            for (const [name, list] of byName) {
                const wanted = STATUSES.includes(next[name]) ? next[name] : 'not-started';
                const current = statuses.get(name) ?? 'not-started';
                if (wanted === current) continue;
                statuses.set(name, wanted);
                for (const { element } of list) {
                    element.classList.replace(`status-${current}`, `status-${wanted}`);
                    element.dataset.status = wanted;
                }
            }
        },

        setBadges(next = {}) {
            for (const [name, list] of byName) {
                const text = next[name] == null || next[name] === '' ? null : String(next[name]);
                if ((badges.get(name)?.text ?? null) === text) continue;
                badges.get(name)?.elements.forEach(e => e.remove());
                badges.delete(name);
                if (text === null) continue;
                const width = textWidth(text, FONT.badge) + 12;
                const elements = list.map(({ element, width: w }) => {
                    const badge = el(null, 'g', { class: 'badge', transform: `translate(${w - width + 6},-9)` });
                    el(badge, 'rect', { width, height: 18, rx: 9 });
                    el(badge, 'text', { x: width / 2, y: 9.5 }, text);
                    element.insertBefore(badge, element.querySelector(':scope > .frame').nextSibling);
                    return badge;
                });
                badges.set(name, { text, elements });
            }
        },

        markFindings(findings = []) {
            for (const name of findingNames) for (const { element } of nodes(name)) {
                element.classList.remove('finding');
                element.querySelector(':scope > .finding-label')?.remove();
            }
            const byState = new Map();
            const elsewhere = [];
            for (const { state, message } of findings) {
                if (byName.has(state)) byState.set(state, [...(byState.get(state) ?? []), String(message)]);
                else elsewhere.push(state ? `${state}: ${message}` : String(message));
            }
            for (const [name, messages] of byState) for (const { element, height } of nodes(name)) {
                element.classList.add('finding');
                const text = clip(`⚠ ${messages[0]}${messages.length > 1 ? ` (+${messages.length - 1})` : ''}`, 60);
                const label = el(element, 'g', { class: 'finding-label', transform: `translate(0,${height + 4})` });
                el(label, 'title', {}, messages.join('\n'));
                el(label, 'rect', { width: textWidth(text, FONT.small) + 12, height: 18, rx: 3 });
                el(label, 'text', { x: 6, y: 9.5 }, text);
            }
            findingNames = [...byState.keys()];
            unplaced.replaceChildren(...elsewhere.map(text => Object.assign(document.createElement('li'), { textContent: text })));
            unplaced.hidden = elsewhere.length === 0;
        },

        select(name) {
            for (const { element } of nodes(selected)) element.classList.remove('selected');
            selected = byName.has(name) ? name : null;
            const [first] = nodes(selected);
            for (const { element } of nodes(selected)) element.classList.add('selected');
            if (!first) return;
            // bring it into view when it is outside
            const box = first.element.getBoundingClientRect(), area = svg.getBoundingClientRect();
            if (box.right < area.left || box.left > area.right || box.bottom < area.top || box.top > area.bottom) {
                view.x += area.left + area.width / 2 - (box.left + box.width / 2);
                view.y += area.top + area.height / 2 - (box.top + box.height / 2);
                view.touched = true;
                apply();
            }
        },

        fit,
        zoomBy,

        /** A standalone SVG document of the whole graph at scale 1, its styles inside. */
        exportSvg() {
            const copy = svg.cloneNode(true);
            copy.setAttribute('width', size.width);
            copy.setAttribute('height', size.height);
            copy.setAttribute('viewBox', `0 0 ${size.width} ${size.height}`);
            copy.querySelector('.viewport').setAttribute('transform', `translate(${MARGIN},${MARGIN})`);
            // a CDATA section keeps the CSS readable in the file (no &gt; for each child combinator)
            const style = document.importNode(new DOMParser().parseFromString(`<style xmlns="${SVG}"><![CDATA[${CSS.replace(/animation: [^;]+;/g, '')}]]></style>`,
                'image/svg+xml').documentElement, true);
            copy.insertBefore(style, copy.firstChild);
            copy.insertBefore(el(null, 'rect', { width: '100%', height: '100%', fill: '#fff' }), style.nextSibling);
            return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
        },

        /** The exported SVG as a PNG, at twice its size where a canvas allows. */
        async exportPng(scale = 2) {
            const url = URL.createObjectURL(new Blob([graph.exportSvg()], { type: 'image/svg+xml' }));
            try {
                const image = new Image();
                image.src = url;
                await image.decode();
                const s = Math.min(scale, 16000 / size.width, 16000 / size.height, Math.sqrt(120e6 / (size.width * size.height)));
                const canvas = document.createElement('canvas');
                canvas.width = Math.round(size.width * s);
                canvas.height = Math.round(size.height * s);
                canvas.getContext('2d').drawImage(image, 0, 0, canvas.width, canvas.height);
                return await new Promise((resolve, reject) => canvas.toBlob(b => (b ? resolve(b) : reject(new Error('the graph is too large for a PNG'))), 'image/png'));
            } finally {
                URL.revokeObjectURL(url);
            }
        },

        destroy() {
            resized.disconnect();
            wrapper.remove();
            byName.clear();
        },
    };
    return graph;
}
