#!/usr/bin/env node
/**
 * `npx flowwise-sandbox [options]` (the package's bin) or `npm run sandbox -- [options]` in this
 * repository: a local Flowwise stand-in on loopback.
 */
import { parseArgs } from 'node:util';
import { checkAllowedHosts } from './hosts';
import { startSandbox } from './startSandbox';
import type { SandboxFault } from './types';

const USAGE = `Usage: flowwise-sandbox [options]

  --port <n>            port to listen on (default 4010, or $SANDBOX_PORT; 0 picks a free one)
  --allowed-host <name> also answer requests addressed to this host name (repeatable); by default
                        only 127.0.0.1, localhost and [::1] on its port
  --latency <ms>        wait this long before answering each API request
  --fault <kind>        error500 | error401 | html | invalid-response | huge-body | reset | hang | unsafe-url
  --failure-rate <0-1>  share of API requests that get the fault (default 1)
  --upi-delay <ms>      how long a "Pay by UPI" payment stays PENDING before it succeeds (default 5000)
  --rate-limit-create <n>        Create Order calls a minute before a 429 (default: no limit)
  --rate-limit-get-order <n>     Get Order calls a minute before a 429 (default: no limit)
  --rate-limit-get-payments <n>  Get All Payments for Order calls a minute before a 429 (default: no limit)
  --record-requests     keep the order requests that pass the credential check, and show their
                        bodies on the home page (default: keep none)
  --max-recorded-requests <n>  with --record-requests, how many to keep (default 100)
  --help                print this and exit`;

const FAULTS: Record<string, SandboxFault> = {
  error500: { type: 'error', status: 500 },
  error401: { type: 'error', status: 401 },
  html: { type: 'html', status: 502 },
  'invalid-response': { type: 'invalid-response' },
  'huge-body': { type: 'huge-body' },
  reset: { type: 'reset' },
  hang: { type: 'hang' },
  'unsafe-url': { type: 'unsafe-url' },
};

function usageError(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

/** A whole number of milliseconds from a flag, or a usage error naming it. */
function milliseconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) usageError(`--${flag} must be a whole number of milliseconds; got ${value}.`);
  return Number(value);
}

/** A whole number of calls a minute from a flag, or a usage error naming it. */
function perMinute(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) usageError(`--${flag} must be a whole number of calls a minute; got ${value}.`);
  return Number(value);
}

function parse() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: process.env.SANDBOX_PORT ?? '4010' },
        'allowed-host': { type: 'string', multiple: true, default: [] },
        latency: { type: 'string' },
        fault: { type: 'string' },
        'failure-rate': { type: 'string' },
        'upi-delay': { type: 'string' },
        'rate-limit-create': { type: 'string' },
        'rate-limit-get-order': { type: 'string' },
        'rate-limit-get-payments': { type: 'string' },
        'record-requests': { type: 'boolean', default: false },
        'max-recorded-requests': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    // An unknown or incomplete flag: say which, without a stack trace.
    return usageError((error as Error).message);
  }
}

const values = parse();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
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
const allowedHosts = values['allowed-host'];
for (const name of allowedHosts) {
  try {
    checkAllowedHosts([name]);
  } catch {
    usageError(`--allowed-host must be a host name without a port, such as sandbox.test; got ${name}.`);
  }
}
if (!/^\d+$/.test(values.port) || Number(values.port) > 65535) usageError(`--port must be a port number (0-65535); got ${values.port}.`);

startSandbox({
  port: Number(values.port),
  allowedHosts,
  latencyMs: milliseconds('latency', values.latency),
  fault,
  failureRate: values['failure-rate'] === undefined ? undefined : Number(values['failure-rate']),
  upiDelayMs: milliseconds('upi-delay', values['upi-delay']),
  rateLimits: {
    createOrder: perMinute('rate-limit-create', values['rate-limit-create']),
    getOrder: perMinute('rate-limit-get-order', values['rate-limit-get-order']),
    getOrderPayments: perMinute('rate-limit-get-payments', values['rate-limit-get-payments']),
  },
  log: (line) => console.log(line),
  // A sandbox left running would otherwise keep requests for nothing; asked for, they show on `/`.
  recordRequests: values['record-requests'],
  ...(maxRecorded !== undefined && { maxRecordedRequests: Number(maxRecorded) }),
}).then(
  (sandbox) => {
    console.log(`Flowwise sandbox on ${sandbox.url}
  API base URL   ${sandbox.apiBaseUrl}   (POST ${sandbox.apiBaseUrl}/orders, GET ${sandbox.apiBaseUrl}/orders/:order_id[/payments])
  x-client-id    ${sandbox.clientId}
  x-client-secret ${sandbox.clientSecret}   (a fixed test value)
  For tests      GET ${sandbox.url}/__sandbox/stats, POST ${sandbox.url}/__sandbox/orders/:order_id/pay
Press Ctrl+C to stop.`);
    const stop = () => void sandbox.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },
  (error: unknown) => {
    // Most often the port is taken: one line, not a stack trace.
    console.error(`The sandbox could not start: ${(error as Error).message}`);
    process.exit(1);
  },
);
