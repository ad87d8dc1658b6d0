// A function's recent invocations over time (Chart.js): Duration, Billed Duration and Init Duration in ms on the left
// axis, a cold start drawn as a triangle and a failed invocation red; Max Memory Used against the memory the
// invocation ran with, in MB, on the right axis. Each point keeps its invocation's RequestId and Cold flag.
import { chartJs, clock } from './charts.js';

const COLD = 'triangle';
const WARM = 'circle';

/** Draws into canvas (placed by the caller in a sized box); update(invocations) redraws with the records of /stepwise/v1/functions/{name}/invocations. */
export async function invocationChart(canvas) {
  const Chart = await chartJs();
  const point = (i, y) => ({ x: Date.parse(i.StartTime), y, requestId: i.RequestId, cold: !!i.Cold, error: i.Error });
  const marked = { pointStyle: c => (c.raw?.cold ? COLD : WARM), pointRadius: c => (c.raw?.cold ? 7 : 3),
    pointBackgroundColor: c => (c.raw?.error ? '#b91c1c' : c.dataset.borderColor) };
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets: [
      { label: 'Duration (ms)', yAxisID: 'ms', borderColor: '#2563eb', ...marked },
      { label: 'Billed Duration (ms)', yAxisID: 'ms', borderColor: '#7c3aed', borderDash: [4, 3], pointRadius: 2 },
      { label: 'Init Duration (ms, cold starts)', yAxisID: 'ms', borderColor: '#c2410c', showLine: false,
        pointStyle: COLD, pointRadius: 7 },
      { label: 'Max Memory Used (MB)', yAxisID: 'mb', borderColor: '#15803d', pointRadius: 2 },
      { label: 'Memory (MB)', yAxisID: 'mb', borderColor: '#86efac', borderDash: [6, 4], pointRadius: 0, stepped: true },
    ].map(d => ({ data: [], backgroundColor: d.borderColor, borderWidth: 2, tension: 0, ...d })) },
    options: {
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: { type: 'linear', ticks: { callback: clock, maxTicksLimit: 8 } },
        ms: { type: 'linear', position: 'left', beginAtZero: true, title: { display: true, text: 'ms' } },
        mb: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
              title: { display: true, text: 'MB' } },
      },
      plugins: { tooltip: { callbacks: {
        title: items => `${clock(items[0].parsed.x)} ${items[0].raw.requestId}${items[0].raw.cold ? ' (cold start)' : ''}`,
      } } },
    },
  });
  return {
    canvas,
    update(invocations) {
      const list = [...invocations].sort((a, b) => Date.parse(a.StartTime) - Date.parse(b.StartTime));
      const [duration, billed, init, used, memory] = chart.data.datasets;
      duration.data = list.map(i => point(i, i.DurationMs));
      billed.data = list.map(i => point(i, i.BilledDurationMs));
      init.data = list.filter(i => i.InitDurationMs !== null && i.InitDurationMs !== undefined)
        .map(i => point(i, i.InitDurationMs));
      used.data = list.map(i => point(i, i.MaxMemoryUsedMb));
      memory.data = list.map(i => point(i, i.MemorySizeMb));
      chart.update('none');
    },
    destroy() { chart.destroy(); },
  };
}
