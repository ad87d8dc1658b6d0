// Draws a definition with graph.js when it is there; a page still works (without its picture) when it is not.
import { el } from './app.js';

export async function draw(box, definition, options) {
  try {
    const { drawGraph } = await import('./graph.js');
    return await drawGraph(box, definition, options);
  } catch (e) {
    box.replaceChildren(el('p', { class: 'muted', style: 'padding:12px' }, 'The graph cannot be drawn: ' + e.message));
    return { setStatuses() {}, setBadges() {}, markFindings() {}, select() {}, destroy() {}, exportSvg() { return ''; } };
  }
}
