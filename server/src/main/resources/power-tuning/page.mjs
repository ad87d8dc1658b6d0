import { decode } from './decode.mjs';

const PER_MILLION = 1e6;
let chart;

function show() {
  const message = document.getElementById('message');
  const results = document.getElementById('results');
  let data;
  try {
    data = decode(location.hash);
  } catch (e) {
    message.textContent = `${e.message} Open this page through the visualization link that a tuning run prints ` +
        '(stepwise tune FUNCTION, or the power tuning state machine\'s output stateMachine.visualization).';
    message.hidden = false;
    results.hidden = true;
    return;
  }
  message.hidden = true;
  results.hidden = false;
  table(data);
  draw(data);
}

function table({ powers, durations, costs }) {
  const fastest = Math.min(...durations);
  const cheapest = Math.min(...costs);
  const body = document.querySelector('#table tbody');
  body.replaceChildren(...powers.map((power, i) => {
    const badges = [durations[i] === fastest ? 'fastest' : '', costs[i] === cheapest ? 'cheapest' : ''].filter(Boolean);
    return row([String(power), durations[i].toFixed(1), usd(costs[i]), usd(costs[i] * PER_MILLION), badges.join(', ')]);
  }));
}

function row(cells) {
  const tr = document.createElement('tr');
  cells.forEach((text, i) => {
    const td = document.createElement('td');
    td.textContent = text;
    if (i === cells.length - 1) td.className = 'badges';
    tr.append(td);
  });
  return tr;
}

/** Three significant digits, never in exponent form (0.000000210, 0.546, 12.6). */
function usd(value) {
  if (value === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return value.toFixed(Math.min(digits, 20));
}

function draw({ powers, durations, costs }) {
  chart?.destroy();
  chart = new Chart(document.getElementById('chart'), {
    type: 'line',
    data: {
      datasets: [
        { label: 'Duration (ms)', data: powers.map((x, i) => ({ x, y: durations[i] })), yAxisID: 'duration',
          borderColor: '#1f77b4', backgroundColor: '#1f77b4', borderWidth: 2.5, tension: 0 },
        { label: 'Cost per 1M invocations (USD)', data: powers.map((x, i) => ({ x, y: costs[i] * PER_MILLION })),
          yAxisID: 'cost', borderColor: '#ff7f0e', backgroundColor: '#ff7f0e', borderWidth: 2.5, tension: 0 },
      ],
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { type: 'logarithmic', title: { display: true, text: 'Memory (MB)' },
             // a tick at each size tuned, as on the log axis of `stepwise tune --chart`
             afterBuildTicks: axis => { axis.ticks = powers.map(value => ({ value })); },
             ticks: { callback: value => String(value) } },
        duration: { type: 'linear', position: 'left', beginAtZero: true,
                    title: { display: true, text: 'Duration (ms)' } },
        cost: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
                title: { display: true, text: 'USD per 1M invocations (compute)' } },
      },
      plugins: {
        tooltip: { callbacks: { title: items => `${items[0].parsed.x} MB` } },
      },
    },
  });
}

window.addEventListener('hashchange', show);
show();
