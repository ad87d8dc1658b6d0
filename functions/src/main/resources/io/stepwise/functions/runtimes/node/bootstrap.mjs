// Stepwise's Node.js runtime: the Lambda Runtime API loop, standard library only.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html
import http from 'node:http';
import path from 'node:path';
import fs from 'node:fs';
import util from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const BASE = '/2018-06-01/runtime';

function call(method, p, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, method, path: BASE + p, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
    });
    req.setNoDelay(true);
    req.on('error', reject);
    if (body !== undefined) req.end(body); else req.end();
  });
}

// Paths as Lambda shows them: in a sandbox the task root and this runtime already are /var/task and /var/runtime; where
// the server could not mount them there (no mount namespace), the host's prefixes are replaced in stack traces.
const TASK_ROOT = process.env.LAMBDA_TASK_ROOT || process.cwd();
const RUNTIME_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const PREFIXES = [[TASK_ROOT, '/var/task'], [RUNTIME_DIR, '/var/runtime']]
  .filter(([host, shown]) => host !== shown)
  .flatMap(([host, shown]) => [[pathToFileURL(host).href + '/', 'file://' + shown + '/'], [host + '/', shown + '/']]);

function lambdaPaths(text) {
  let out = text;
  for (const [host, shown] of PREFIXES) out = out.split(host).join(shown);
  return out;
}

// console.* as Lambda's Node runtime writes it: time, request id ("undefined" outside an invocation), level, message,
// one record per line (the message's own newlines become carriage returns, which the log keeps inside one line).
let currentRequestId;
function logRecord(level, message) {
  process.stdout.write(`${new Date().toISOString()}\t${currentRequestId}\t${level}\t${message.replace(/\n/g, '\r')}\n`);
}
for (const [method, level] of [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG']]) {
  console[method] = (...args) => logRecord(level, util.format(...args));
}
console.trace = function trace(...args) {
  const e = { name: 'Trace', message: util.format(...args) };
  Error.captureStackTrace(e, trace);   // from the caller on, as Node's own console.trace
  logRecord('TRACE', lambdaPaths(e.stack));
};

function errorJson(err) {
  const e = err instanceof Error ? err : new Error(String(err));
  return {
    errorType: err instanceof Error ? (e.name || 'Error') : 'string',
    errorMessage: lambdaPaths(String(e.message)),
    trace: lambdaPaths(e.stack || '').split('\n'),
  };
}

async function initError(errorType, message, err) {
  const body = { errorType, errorMessage: lambdaPaths(message), trace: err && err.stack ? lambdaPaths(err.stack).split('\n') : [] };
  logRecord('ERROR', `Uncaught Exception \t${JSON.stringify(body)}`);
  await call('POST', '/init/error', JSON.stringify(body), { 'Lambda-Runtime-Function-Error-Type': errorType });
  process.exit(1);
}

async function loadHandler() {
  const handler = process.env._HANDLER;
  const dot = handler.lastIndexOf('.');
  if (dot < 0) return initError('Runtime.MalformedHandlerName', `Bad handler ${handler}`);
  const modPath = handler.slice(0, dot), fn = handler.slice(dot + 1);
  const file = ['.js', '.mjs', '.cjs'].map((x) => path.resolve(TASK_ROOT, modPath + x)).find((f) => fs.existsSync(f));
  if (!file) return initError('Runtime.ImportModuleError', `Error: Cannot find module '${modPath}'`);
  let mod;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (e) {
    return initError(e instanceof SyntaxError ? 'Runtime.UserCodeSyntaxError' : 'Runtime.ImportModuleError', `${e.name}: ${e.message}`, e);
  }
  const f = mod[fn] ?? mod.default?.[fn];
  if (typeof f !== 'function') return initError('Runtime.HandlerNotFound', `${modPath}.${fn} is undefined or not exported`);
  return f;
}

// A callback handler's result is sent once the event loop is empty (timers, sockets of the handler done), unless the
// handler sets context.callbackWaitsForEmptyEventLoop = false; async handlers' results are sent when they resolve.
// Our keep-alive socket is unref'd while free, so 'beforeExit' fires when only the handler's work is left.
// The handler is called as a method of a Runtime, as Lambda's runtime calls it, so that its frame in a stack trace
// reads "at Runtime.handler (file:///var/task/index.mjs:2:9)" as there.
class Runtime {
  constructor(handler) { this.handler = handler; }
}

function invokeHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    let done = false;
    const settle = (err, result) => {
      if (done) return;
      done = true;
      if (err !== null && err !== undefined) reject(err); else resolve(result);
    };
    const callback = (err, result) => {
      if (done) return;
      if (context.callbackWaitsForEmptyEventLoop) process.once('beforeExit', () => settle(err, result));
      else settle(err, result);
    };
    context.done = callback;
    context.succeed = (r) => callback(null, r);
    context.fail = (e) => callback(e);
    try {
      const r = new Runtime(handler).handler(event, context, callback);
      if (r && typeof r.then === 'function') r.then((v) => settle(null, v), (e) => settle(e));
      else if (handler.length < 3) settle(null, r);
    } catch (e) {
      settle(e);
    }
  });
}

const handler = await loadHandler();
for (;;) {
  const { res, body } = await call('GET', '/invocation/next');
  const h = res.headers;
  const id = h['lambda-runtime-aws-request-id'];
  currentRequestId = id;
  const deadline = Number(h['lambda-runtime-deadline-ms'] || 0);
  process.env._X_AMZN_TRACE_ID = h['lambda-runtime-trace-id'] || '';
  const context = {
    awsRequestId: id,
    invokedFunctionArn: h['lambda-runtime-invoked-function-arn'],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: h['lambda-runtime-client-context'] ? JSON.parse(h['lambda-runtime-client-context']) : undefined,
    identity: undefined,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const event = body.length ? JSON.parse(body.toString('utf8')) : null;
    const result = await invokeHandler(handler, event, context);
    const out = result === undefined ? 'null' : JSON.stringify(result);
    await call('POST', `/invocation/${id}/response`, out);
  } catch (e) {
    const err = errorJson(e);
    logRecord('ERROR', `Invoke Error \t${JSON.stringify(err)}`);
    await call('POST', `/invocation/${id}/error`, JSON.stringify(err), { 'Lambda-Runtime-Function-Error-Type': err.errorType });
  }
}
