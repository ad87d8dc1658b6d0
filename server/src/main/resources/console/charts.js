// Chart.js for the console's charts (vendored: lib/chart.umd.min.js, see lib/README.md), loaded once as the classic
// script it is (it sets window.Chart), when a page first needs it.

let loading = null;

/** Chart.js's constructor, once its script has loaded. */
export function chartJs() {
  loading ||= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/console/lib/chart.umd.min.js';
    script.onload = () => resolve(window.Chart);
    script.onerror = () => { loading = null; script.remove(); reject(new Error('Chart.js did not load')); };
    document.head.append(script);
  });
  return loading;
}

/** A time of day for an axis tick or a tooltip: 14:03:27. */
export function clock(ms) {
  return new Date(ms).toLocaleTimeString(undefined, { hour12: false });
}
