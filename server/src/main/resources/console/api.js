// The console's only way to the server: its public APIs, as any client calls them (AWS JSON 1.0 for Step
// Functions, the Lambda REST API, Stepwise's own read routes), signed when the server checks signatures (access.js).
// A refusal becomes an ApiError with AWS's error name.
import { authorized } from './access.js';

export class ApiError extends Error {
  constructor(type, message, status) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

async function check(response) {
  const text = await response.text();
  const body = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const type = (body.__type || response.headers.get('x-amzn-ErrorType') || body.Type || 'Error').split('#').pop();
    throw new ApiError(type, body.message || body.Message || text, response.status);
  }
  return body;
}

/**
 * fetch, tried once more when the request did not reach the server (the browser saw the network change, a
 * connection reset): every call here is a read or is idempotent on the server, as the APIs' own retries assume.
 */
async function reach(url, init) {
  try {
    return await fetch(url, init);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    await new Promise(resolve => setTimeout(resolve, 250));
    return fetch(url, init);
  }
}

/** fetch for the console's every call to the server: signed, and asking for a key when the server wants one. */
export function send(url, init) {
  return authorized(reach, url, init);
}

/** A Step Functions operation: sfn('DescribeExecution', {executionArn}). */
export async function sfn(operation, body = {}) {
  const response = await send('/', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AWSStepFunctions.' + operation },
    body: JSON.stringify(body),
  });
  return check(response);
}

/** A Lambda REST call: lambda('GET', '/2015-03-31/functions/'). */
export async function lambda(method, path, body, headers = {}) {
  const response = await send(path, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return response;
}

/** A GET of Stepwise's own read API: stepwise('/stepwise/v1/functions/NAME/invocations'). */
export async function stepwise(path) {
  return check(await send(path));
}

/** Every page of a paged Step Functions list: the items of `field` from each page. */
export async function all(operation, body, field) {
  const out = [];
  let token;
  do {
    const page = await sfn(operation, { ...body, ...(token ? { nextToken: token } : {}) });
    out.push(...(page[field] || []));
    token = page.nextToken;
  } while (token);
  return out;
}
