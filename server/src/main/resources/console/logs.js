// A function's logs, following live: the last lines at first, then every second the lines logged since the cursor
// of the previous read (/stepwise/v1/functions/{name}/logs?format=json&after=CURSOR). The view stays at the bottom
// unless the reader scrolled up, keeps the newest MAX_LINES lines, marks REPORT and ERROR lines, and a filter hides
// the lines without its text.
import { stepwise } from './api.js';
import { el } from './app.js';

const MAX_LINES = 2000;
const EVERY_MS = 1000;

export function logView(name) {
  const path = `/stepwise/v1/functions/${encodeURIComponent(name)}/logs?format=json`;
  const follow = el('input', { type: 'checkbox', id: 'follow', checked: true });
  const filter = el('input', { type: 'text', id: 'log-filter', placeholder: 'Filter lines', 'aria-label': 'filter' });
  const status = el('span', { class: 'muted', id: 'log-status' });
  const box = el('div', { class: 'log-lines', id: 'logs' });
  const element = el('section', { id: 'log-view' }, el('h2', {}, 'Logs'),
    el('div', { class: 'toolbar' }, el('label', {}, follow, ' Follow'), filter, status), box);
  let cursor = null;
  let timer = null;
  let stopped = false;
  let reading = false;   // one read at a time: Follow switched on during a read leaves the scheduling to that read

  const shows = line => !filter.value || line.toLowerCase().includes(filter.value.toLowerCase());
  function append(lines) {
    const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 8;
    for (const text of lines) {
      const kind = text.startsWith('REPORT ') ? 'log-report' : /\bERROR\b/.test(text) ? 'log-error' : '';
      box.append(el('div', { class: `log-line ${kind}`, hidden: !shows(text) }, text));
    }
    while (box.childElementCount > MAX_LINES) box.firstElementChild.remove();
    if (atBottom) box.scrollTop = box.scrollHeight;
  }
  async function read() {
    timer = null;
    if (reading) return;
    reading = true;
    try {
      const page = await stepwise(cursor ? `${path}&limit=${MAX_LINES}&after=${encodeURIComponent(cursor)}`
        : `${path}&limit=200`);
      if (stopped) return;
      cursor = page.NextCursor;
      append(page.Lines);
      status.textContent = follow.checked ? 'following' : '';
    } catch (e) {
      status.textContent = `Could not read the logs: ${e.message}`;
    } finally {
      reading = false;
    }
    if (follow.checked && !stopped) timer = setTimeout(read, EVERY_MS);
  }
  follow.addEventListener('change', () => {
    clearTimeout(timer);
    timer = null;
    if (follow.checked) read();
    else status.textContent = 'paused';
  });
  filter.addEventListener('input', () => {
    for (const line of box.children) line.hidden = !shows(line.textContent);
  });
  read();
  return { element, stop() { stopped = true; clearTimeout(timer); } };
}
