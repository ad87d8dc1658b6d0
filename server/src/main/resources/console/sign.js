// AWS Signature Version 4 in the browser, as the SDKs sign (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html):
// canonical request, string to sign, signing key, signature. SHA-256 and HMAC come from @noble/hashes (vendored under
// lib/), not crypto.subtle: WebCrypto exists only in secure contexts, and a console opened over the LAN
// (http://192.168.x.y:8080) is not one. One code path everywhere, and it is synchronous.
import { sha256 } from './lib/noble-hashes/sha2.js';
import { hmac } from './lib/noble-hashes/hmac.js';
import { bytesToHex, utf8ToBytes } from './lib/noble-hashes/utils.js';

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** yyyyMMddTHHmmssZ */
export function amzDate(date) {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Every byte of the UTF-8 form but A-Z a-z 0-9 - _ . ~ (and / in paths) as %XY, upper-case hex (RFC 3986). */
export function encode(text, keepSlash) {
  let out = '';
  for (const b of utf8ToBytes(text)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) || (keepSlash && c === '/') ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Percent-decoding only: a '+' stays a plus, as SigV4 signers encode a space as %20. */
function decode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Every service but S3 signs the path as it travels (already percent-encoded), encoded once more; query keys and
 * values decoded, encoded strictly and sorted by key, then value.
 */
export function canonicalRequest(method, url, headers, signedHeaders, payloadHash) {
  const query = url.search.slice(1).split('&').filter(p => p).map(p => {
    const eq = p.indexOf('=');
    return [encode(decode(eq < 0 ? p : p.slice(0, eq)), false), eq < 0 ? '' : encode(decode(p.slice(eq + 1)), false)];
  }).sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  return [method, encode(url.pathname || '/', true), query.map(([k, v]) => k + '=' + v).join('&'),
    ...signedHeaders.map(name => name + ':' + String(headers[name]).trim().replace(/\s+/g, ' ')),
    '', signedHeaders.join(';'), payloadHash].join('\n');
}

function hmacOf(key, text) {
  return hmac(sha256, key, utf8ToBytes(text));
}

/**
 * The headers to add to a request so that it carries a signature: X-Amz-Date, X-Amz-Security-Token (with a session
 * token) and Authorization. Every header given is signed, and the Host the browser will send (it cannot be set).
 *
 * @param request {method, url (absolute), headers (object), body (string, Uint8Array or undefined)}
 * @param credentials {accessKeyId, secretAccessKey, sessionToken?}
 * @param scope {region, service}
 * @param now the signing time (a Date)
 */
export function sign(request, credentials, scope, now) {
  const url = new URL(request.url);
  const date = amzDate(now);
  const added = { 'X-Amz-Date': date };
  if (credentials.sessionToken) added['X-Amz-Security-Token'] = credentials.sessionToken;
  const headers = { host: url.host };
  for (const [name, value] of Object.entries({ ...request.headers, ...added })) headers[name.toLowerCase()] = value;
  const signedHeaders = Object.keys(headers).sort();
  const body = request.body === undefined ? new Uint8Array() : typeof request.body === 'string' ? utf8ToBytes(request.body) : request.body;
  const canonical = canonicalRequest(request.method.toUpperCase(), url, headers, signedHeaders, bytesToHex(sha256(body)));
  const credentialScope = [date.slice(0, 8), scope.region, scope.service, 'aws4_request'].join('/');
  const stringToSign = [ALGORITHM, date, credentialScope, bytesToHex(sha256(utf8ToBytes(canonical)))].join('\n');
  let key = hmacOf(utf8ToBytes('AWS4' + credentials.secretAccessKey), date.slice(0, 8));
  for (const part of [scope.region, scope.service, 'aws4_request']) key = hmacOf(key, part);
  const signature = bytesToHex(hmacOf(key, stringToSign));
  added.Authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${credentialScope}, `
    + `SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
  return added;
}
