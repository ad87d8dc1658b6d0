// Decodes the fragment of a power tuning visualization link, as AWS Lambda Power Tuning writes it:
//   base64(Int16Array of memory sizes) ";" base64(Float32Array of average durations, ms) ";"
//   base64(Float32Array of average costs per invocation, USD), each little-endian, in the order of the sizes.
// Returns {powers, durations, costs} sorted by memory, or throws an Error that says what is wrong with the link.

export function decode(hash) {
  let text = (hash ?? '').replace(/^#/, '').trim();
  if (text === '') throw new Error('This link carries no results: the part after "#" is empty.');
  try {
    text = decodeURIComponent(text); // a link pasted through a tool that percent-encoded "+", "/" or "="
  } catch {
    throw new Error('The part after "#" is not a valid link fragment.');
  }
  const parts = text.split(';');
  if (parts.length !== 3) {
    throw new Error(`Expected three parts after "#" separated by ";" (sizes;durations;costs), found ${parts.length}.`);
  }
  const powers = numbers(parts[0], 2, 'memory sizes', (view, at) => view.getInt16(at, true));
  const durations = numbers(parts[1], 4, 'durations', (view, at) => view.getFloat32(at, true));
  const costs = numbers(parts[2], 4, 'costs', (view, at) => view.getFloat32(at, true));
  if (powers.length === 0) throw new Error('The link lists no memory sizes.');
  if (durations.length !== powers.length || costs.length !== powers.length) {
    throw new Error(`The link lists ${powers.length} memory sizes but ${durations.length} durations and ${costs.length} costs.`);
  }
  powers.forEach(p => { if (p <= 0) throw new Error(`The memory size ${p} MB is not positive.`); });
  [...durations, ...costs].forEach(v => { if (!Number.isFinite(v)) throw new Error(`The link holds a value that is not a number: ${v}.`); });
  const order = powers.map((_, i) => i).sort((a, b) => powers[a] - powers[b]);
  return {
    powers: order.map(i => powers[i]),
    durations: order.map(i => durations[i]),
    costs: order.map(i => costs[i]),
  };
}

function numbers(base64, width, what, read) {
  let binary;
  try {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new Error();
    binary = atob(base64);
  } catch {
    throw new Error(`The ${what} are not valid base64.`);
  }
  if (binary.length % width !== 0) {
    throw new Error(`The ${what} take ${binary.length} bytes, not a multiple of ${width}.`);
  }
  const view = new DataView(Uint8Array.from(binary, c => c.charCodeAt(0)).buffer);
  const values = [];
  for (let at = 0; at < binary.length; at += width) values.push(read(view, at));
  return values;
}
