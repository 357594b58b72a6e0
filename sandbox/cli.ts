/**
 * `npm run sandbox -- [options]`: a local Flowwise stand-in on loopback.
 *
 *   --port <n>            port to listen on (default 4010; 0 picks a free one)
 *   --latency <ms>        wait this long before answering each order request
 *   --fault <kind>        error500 | error401 | html | invalid-response | huge-body | reset | hang
 *   --failure-rate <0-1>  share of order requests that get the fault (default 1)
 *   --record-requests     keep the order requests that pass the credential check, and show their
 *                         bodies on the home page (default: keep none)
 *   --max-recorded-requests <n>  with --record-requests, how many to keep (default 100)
 */
import { parseArgs } from 'node:util';
import { startSandbox, type SandboxFault } from './startSandbox';

const FAULTS: Record<string, SandboxFault> = {
  error500: { type: 'error', status: 500 },
  error401: { type: 'error', status: 401 },
  html: { type: 'html', status: 502 },
  'invalid-response': { type: 'invalid-response' },
  'huge-body': { type: 'huge-body' },
  reset: { type: 'reset' },
  hang: { type: 'hang' },
};

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.SANDBOX_PORT ?? '4010' },
    latency: { type: 'string' },
    fault: { type: 'string' },
    'failure-rate': { type: 'string' },
    'record-requests': { type: 'boolean', default: false },
    'max-recorded-requests': { type: 'string' },
  },
});

function usageError(message: string): never {
  console.error(message);
  process.exit(2);
}

const fault = values.fault === undefined ? undefined : FAULTS[values.fault];
if (values.fault !== undefined && !fault) {
  usageError(`Unknown --fault ${values.fault}; use one of: ${Object.keys(FAULTS).join(', ')}`);
}
const maxRecorded = values['max-recorded-requests'];
if (maxRecorded !== undefined) {
  if (!values['record-requests']) usageError('--max-recorded-requests only applies with --record-requests.');
  if (!/^[1-9]\d*$/.test(maxRecorded)) usageError(`--max-recorded-requests must be a whole number above 0; got ${maxRecorded}.`);
}

const sandbox = await startSandbox({
  port: Number(values.port),
  latencyMs: values.latency === undefined ? undefined : Number(values.latency),
  fault,
  failureRate: values['failure-rate'] === undefined ? undefined : Number(values['failure-rate']),
  log: (line) => console.log(line),
  // A sandbox left running would otherwise keep requests for nothing; asked for, they show on `/`.
  recordRequests: values['record-requests'],
  ...(maxRecorded !== undefined && { maxRecordedRequests: Number(maxRecorded) }),
});

console.log(`Flowwise sandbox on ${sandbox.url}
  API base URL   ${sandbox.apiBaseUrl}   (POST ${sandbox.apiBaseUrl}/orders)
  x-client-id    ${sandbox.clientId}
  x-client-secret ${sandbox.clientSecret}   (a fixed test value)
Press Ctrl+C to stop.`);

const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
