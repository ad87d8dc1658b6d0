// Signing in: on a server that checks SigV4 the console's calls are refused until it has an access key of the server;
// then it signs every call in the browser (sign.js), as the SDKs do, and the server checks it as any client's. On a
// server without authentication nothing is refused, so nothing is asked.
//
// The key is kept in sessionStorage: this tab only, gone when it closes, never written to disk for later as
// localStorage would keep it, where any script of this origin could read it long after.
import { sign } from './sign.js';

const STORE = 'stepwise.credentials';
/** The server's region: its ARNs say us-east-1 (it accepts any region in a signature's scope). */
export const DEFAULT_REGION = 'us-east-1';
/** The server's refusals of a missing or wrong signature (Denied.java), all 403. */
const REFUSALS = new Set(['MissingAuthenticationTokenException', 'IncompleteSignatureException',
  'UnrecognizedClientException', 'InvalidSignatureException']);

let skewMs = 0;      // server clock minus ours, learnt from a refusal of a signature as too old or too new (as the SDKs do)
let asking = null;   // the open dialog: every refused call waits for the same one
let declined = null; // the refusal whose dialog was cancelled: no more dialogs until "Sign in" in the header

function stored() {
  try {
    return JSON.parse(sessionStorage.getItem(STORE));
  } catch {
    return null;
  }
}

/** Step Functions' calls carry X-Amz-Target; the rest is Lambda's REST API or /stepwise/v1, which the CLI signs as lambda. */
function service(headers) {
  return Object.entries(headers).some(([n, v]) => n.toLowerCase() === 'x-amz-target' && v.startsWith('AWSStepFunctions.'))
    ? 'states' : 'lambda';
}

function signed(url, init, credentials) {
  if (!credentials) return init;
  const headers = init.headers || {};
  const added = sign({ method: init.method || 'GET', url: new URL(url, location.href).href, headers, body: init.body },
    credentials, { region: credentials.region || DEFAULT_REGION, service: service(headers) }, new Date(Date.now() + skewMs));
  return { ...init, headers: { ...headers, ...added } };
}

/** The server's refusal of the signature ({type, message}), or null for any other answer. */
async function refusal(response) {
  if (response.status !== 403) return null;
  const body = await response.clone().json().catch(() => ({}));
  const type = (response.headers.get('x-amzn-ErrorType') || body.__type || '').split(':')[0].split('#').pop();
  return REFUSALS.has(type) ? { type, message: body.message || body.Message || '' } : null;
}

/** The server's clock: the time its refusal names ("... (20261206T021500Z - 15 min.)"), else its Date header. */
function serverTime(response, refused) {
  const named = /\((\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z [-+]/.exec(refused?.message || '');
  return named ? Date.UTC(named[1], named[2] - 1, named[3], named[4], named[5], named[6])
    : Date.parse(response.headers.get('Date'));
}

/** Sends once signed with these credentials (or unsigned), and once more when the refusal was the clock's. */
async function attempt(fetcher, url, init, credentials) {
  let response = await fetcher(url, signed(url, init, credentials));
  let refused = await refusal(response);
  const server = serverTime(response, refused);
  if (credentials && refused && /^Signature (expired|not yet current)/.test(refused.message) && !Number.isNaN(server)) {
    skewMs = server - Date.now();
    response = await fetcher(url, signed(url, init, credentials));
    refused = await refusal(response);
  }
  return { response, refused };
}

/**
 * fetcher(url, init) signed with the console's key when it has one. A refused signature asks for a key (one dialog for
 * all the calls refused meanwhile) and sends again with it; cancelled, the refusal is the answer.
 */
export async function authorized(fetcher, url, init = {}) {
  const used = stored();
  const first = await attempt(fetcher, url, init, used);
  if (!first.refused) return first.response;
  const now = stored();
  if (now && JSON.stringify(now) !== JSON.stringify(used)) return (await attempt(fetcher, url, init, now)).response;
  const credentials = await ask(first.refused, fetcher);
  return credentials ? (await attempt(fetcher, url, init, credentials)).response : first.response;
}

function field(label, id, attributes = {}) {
  const input = Object.assign(document.createElement('input'), { id, name: id, ...attributes });
  const wrap = document.createElement('label');
  wrap.append(label, input);
  return wrap;
}

/** The sign-in dialog; resolves with the credentials once the server accepted them, null when cancelled. */
function ask(refused, fetcher) {
  if (asking) return asking;
  if (declined) return Promise.resolve(null);
  asking = new Promise(resolve => {
    const dialog = document.createElement('dialog');
    dialog.id = 'sign-in';
    const form = document.createElement('form');
    const title = Object.assign(document.createElement('h2'), { textContent: 'Sign in' });
    const why = Object.assign(document.createElement('p'), { className: 'muted', textContent: 'This server checks AWS '
      + `Signature Version 4 (it answered ${refused.type}). The console signs its calls in this tab with an access key `
      + 'of the server, kept in this tab only (sessionStorage) until you sign out or close it.' });
    const error = Object.assign(document.createElement('p'), { id: 'sign-in-error', className: 'error' });
    const submit = Object.assign(document.createElement('button'), { id: 'sign-in-submit', type: 'submit', className: 'primary', textContent: 'Sign in' });
    const cancel = Object.assign(document.createElement('button'), { id: 'sign-in-cancel', type: 'button', textContent: 'Cancel' });
    const buttons = document.createElement('div');
    buttons.append(submit, ' ', cancel);
    form.append(title, why,
      field('Access key ID', 'access-key-id', { required: true, autocomplete: 'username', spellcheck: false }),
      field('Secret access key', 'secret-access-key', { required: true, type: 'password', autocomplete: 'current-password' }),
      field('Session token (optional)', 'session-token', { spellcheck: false }),
      field('Region', 'region', { required: true, value: stored()?.region || DEFAULT_REGION, spellcheck: false }),
      error, buttons);
    dialog.append(form);
    document.body.append(dialog);
    const done = credentials => {
      asking = null;
      dialog.remove();
      declined = credentials ? null : refused;
      headerButton(credentials ? null : fetcher);
      resolve(credentials);
    };
    dialog.addEventListener('cancel', () => done(null));
    cancel.addEventListener('click', () => done(null));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const value = id => form.querySelector('#' + id).value.trim();
      const credentials = { accessKeyId: value('access-key-id'), secretAccessKey: form.querySelector('#secret-access-key').value,
        sessionToken: value('session-token') || undefined, region: value('region') };
      submit.disabled = true;
      error.textContent = '';
      try {
        // the cheapest call there is, to learn whether the server takes this key before anything else uses it
        const probe = await attempt(fetcher, '/', { method: 'POST', headers: { 'Content-Type': 'application/x-amz-json-1.0',
          'X-Amz-Target': 'AWSStepFunctions.ListStateMachines' }, body: '{"maxResults":1}' }, credentials);
        if (probe.refused) {
          error.textContent = `${probe.refused.type}: ${probe.refused.message}`;
          return;
        }
        sessionStorage.setItem(STORE, JSON.stringify(credentials));
        done(credentials);
      } catch (e) {
        error.textContent = String(e.message || e);
      } finally {
        submit.disabled = false;
      }
    });
    dialog.showModal();
  });
  return asking;
}

/**
 * The header's button: "Sign out" while the console holds a key (forgets it and reloads the page, unsigned); "Sign in"
 * after the dialog was cancelled (asks again, then reloads the page, signed).
 */
function headerButton(fetcher) {
  const header = document.querySelector('header.top');
  if (!header) return;
  header.querySelector('#sign-out, #sign-in-again')?.remove();
  const credentials = stored();
  if (!credentials && !fetcher) return;
  const button = Object.assign(document.createElement('button'), { type: 'button' });
  if (credentials) {
    Object.assign(button, { id: 'sign-out', textContent: 'Sign out', title: 'Signed in as ' + credentials.accessKeyId });
    button.addEventListener('click', () => {
      sessionStorage.removeItem(STORE);
      location.reload();
    });
  } else {
    Object.assign(button, { id: 'sign-in-again', textContent: 'Sign in' });
    button.addEventListener('click', async () => {
      const refused = declined;
      declined = null;
      if (await ask(refused, fetcher)) location.reload();
    });
  }
  header.append(button);
}

headerButton(null);
