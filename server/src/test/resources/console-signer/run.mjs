// Signs requests with the console's SigV4 signer (console/sign.js) in node, for ConsoleSignerTest to compare with
// the AWS SDK for Java's signatures of the same requests.
//   node run.mjs SIGN_JS CASES_JSON    (prints one {headers} per case, as JSON)
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [signJs, casesFile] = process.argv.slice(2);
const { sign } = await import(pathToFileURL(signJs).href);
const cases = JSON.parse(readFileSync(casesFile, 'utf8'));
process.stdout.write(JSON.stringify(cases.map(c =>
  sign({ method: c.method, url: c.url, headers: c.headers, body: c.body }, c.credentials, c.scope, new Date(c.time)))));
