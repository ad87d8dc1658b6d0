import { el, time } from '../app.js';
import { MACHINE, points, resultCard, tuningCard, tuningRun, tuningRuns } from '../tuning.js';

/**
 * Power tuning results. /console/power-tuning#<sizes;durations;costs> draws a visualization link's numbers (the
 * fragment never reaches the server) above the list of tuning runs; /console/power-tuning/<execution arn> draws one
 * run with its recommended size.
 */
export async function render(root, { arn }) {
  const charts = [];
  const crumbs = el('div', { class: 'crumbs' }, el('a', { href: '/console/functions' }, 'Functions'), ' / ',
    arn ? el('a', { href: '/console/power-tuning' }, 'Power tuning') : 'Power tuning');
  if (arn) {
    const run = await tuningRun(arn);
    const shown = await tuningCard(run);
    charts.push(shown);
    root.append(crumbs, el('h1', {}, `Power tuning of `, el('a', { href: '/console/functions/' + encodeURIComponent(run.function) },
      run.function)), shown.card);
    return { leave() { charts.forEach(c => c.destroy()); } };
  }
  const fromLink = el('div', { id: 'from-link' });
  async function showLink() {
    charts.splice(0).forEach(c => c.destroy());
    if (!location.hash || location.hash === '#') return fromLink.replaceChildren();
    try {
      const shown = await resultCard(points(location.hash));
      charts.push(shown);
      fromLink.replaceChildren(el('h2', {}, 'From the link'), shown.card);
    } catch (e) {
      fromLink.replaceChildren(el('div', { class: 'card error', id: 'link-problem' }, `${e.message} Open this page through `
        + 'the visualization link a tuning run prints (stepwise tune FUNCTION, or the output\'s stateMachine.visualization).'));
    }
  }
  const runs = el('tbody');
  root.append(crumbs, el('h1', {}, 'Power tuning'), fromLink, el('h2', {}, `Runs of ${MACHINE}`),
    el('table', { class: 'grid', id: 'tuning-runs' }, el('thead', {}, el('tr', {}, ...['Run', 'Function', 'Status',
      'Strategy', 'Recommended', 'Started'].map(h => el('th', {}, h)))), runs));
  await showLink();
  window.addEventListener('hashchange', showLink);
  try {
    const list = await tuningRuns();
    runs.replaceChildren(...(list.length ? list.map(r => el('tr', {},
      el('td', {}, el('a', { href: '/console/power-tuning/' + encodeURIComponent(r.arn) }, r.name)),
      el('td', {}, el('a', { href: '/console/functions/' + encodeURIComponent(r.function) }, r.function)),
      el('td', {}, el('span', { class: `badge ${r.status}` }, r.status)), el('td', {}, r.strategy),
      el('td', {}, r.output?.power ? `${r.output.power} MB` : ''), el('td', {}, time(r.start))))
      : [el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No tuning runs yet: stepwise tune FUNCTION starts one.'))]));
  } catch (e) {
    runs.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'error' }, `${e.type || 'Error'}: ${e.message}`)));
  }
  return { leave() { window.removeEventListener('hashchange', showLink); charts.forEach(c => c.destroy()); } };
}
