// The Request toNodeHandler gives a handler makes its parts as they are read. These tests hold it to
// what a Request made by Node itself from the same message holds, member by member.
import { request as httpRequest } from 'node:http';
import { toNodeHandler, type FetchHandler } from '@flowwise/react/server';
import { expect, it } from 'vitest';
import { listen } from './serverSupport';

/** Posts `body` to a server running `handler`, and resolves with its answer's text. */
async function post(handler: FetchHandler, body = '{"order_id":"o_1"}', path = '/api/flowwise/orders?x=1'): Promise<string> {
  const url = await listen(toNodeHandler(handler));
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Custom': 'yes' },
    body,
  });
  return response.text();
}

const members = ['cache', 'credentials', 'destination', 'integrity', 'keepalive', 'mode', 'redirect', 'referrer', 'referrerPolicy'];

it('is a Request whose URL, method, headers and other members are those of one Node makes', async () => {
  let url = '';
  const seen: Record<string, unknown> = {};
  let expected: Record<string, unknown> = {};
  await post(async (request) => {
    url = request.url;
    const own = new Request(request.url, { method: 'POST', headers: request.headers, body: 'x' });
    expected = Object.fromEntries(['method', 'duplex', 'bodyUsed', ...members].map((key) => [key, Reflect.get(own, key)]));
    Object.assign(seen, Object.fromEntries(['method', 'duplex', 'bodyUsed', ...members].map((key) => [key, Reflect.get(request, key)])));
    seen.isRequest = request instanceof Request;
    seen.tag = Object.prototype.toString.call(request);
    seen.custom = request.headers.get('x-custom');
    seen.type = request.headers.get('content-type');
    seen.aborted = request.signal.aborted;
    return new Response('ok');
  });
  expect(new URL(url).pathname + new URL(url).search).toBe('/api/flowwise/orders?x=1');
  expect(seen).toEqual({
    ...expected,
    isRequest: true,
    tag: '[object Request]',
    custom: 'yes',
    type: 'application/json',
    aborted: false,
  });
});

it('gives the same body through its stream, text(), json(), arrayBuffer(), bytes(), blob() and a clone', async () => {
  const body = '{"order_id":"o_é"}';
  const read: Record<string, FetchHandler> = {
    stream: async (request) => new Response(await new Response(request.body).text()),
    text: async (request) => new Response(await request.text()),
    json: async (request) => new Response(JSON.stringify(await request.json())),
    arrayBuffer: async (request) => new Response(new TextDecoder().decode(await request.arrayBuffer())),
    blob: async (request) => new Response(await (await request.blob()).text()),
    clone: async (request) => {
      const copy = request.clone();
      const [a, b] = await Promise.all([copy.text(), request.text()]);
      return new Response(a === b ? a : 'differ');
    },
    // A handler that forwards the request, the one way Node's Request constructor can take it.
    forwarded: async (request) => new Response(await new Request(request.url, request).text()),
  };
  for (const [name, handler] of Object.entries(read)) {
    expect([name, await post(handler, body)]).toEqual([name, body]);
  }
});

it('refuses a second read of the body, as a Request does, whichever way the first was made', async () => {
  const outcomes: unknown[] = [];
  const handler: FetchHandler = async (request) => {
    const reader = request.body!.getReader();
    while (!(await reader.read()).done);
    reader.releaseLock();
    outcomes.push(request.bodyUsed);
    outcomes.push(
      await request.text().then(
        () => 'read',
        (error: unknown) => (error instanceof TypeError ? 'TypeError' : error),
      ),
    );
    try {
      request.clone();
      outcomes.push('cloned');
    } catch (error) {
      outcomes.push(error instanceof TypeError ? 'TypeError' : error);
    }
    return new Response('ok');
  };
  await post(handler);
  await post(async (request) => {
    await request.text();
    outcomes.push(request.bodyUsed);
    outcomes.push(
      await request.json().then(
        () => 'read',
        (error: unknown) => (error instanceof TypeError ? 'TypeError' : error),
      ),
    );
    return new Response('ok');
  });
  expect(outcomes).toEqual([true, 'TypeError', 'TypeError', true, 'TypeError']);
});

it('has no body for a GET, and a body stream that is the same object each time it is read', async () => {
  const seen: unknown[] = [];
  const url = await listen(
    toNodeHandler(async (request) => {
      seen.push(request.body, request.bodyUsed, await request.text());
      return new Response('ok');
    }),
  );
  await fetch(url);
  let same: boolean | undefined;
  await post(async (request) => {
    same = request.body === request.body;
    return new Response('ok');
  });
  expect(seen).toEqual([null, false, '']);
  expect(same).toBe(true);
});

it('aborts its signal when the client goes away, whether the handler read the signal before or after', async () => {
  for (const readSignalFirst of [true, false]) {
    let reached = () => {};
    const reachedHandler = new Promise<void>((resolve) => (reached = resolve));
    let gone = () => {};
    const clientGone = new Promise<void>((resolve) => (gone = resolve));
    const aborted = new Promise<boolean>((resolve) => {
      const handler = toNodeHandler(async (request) => {
        const early = readSignalFirst ? request.signal : undefined;
        reached();
        await clientGone;
        const signal = early ?? request.signal;
        if (!signal.aborted) await new Promise((settle) => signal.addEventListener('abort', settle));
        resolve(signal.aborted && (signal.reason as Error).name === 'AbortError');
        return new Response(null, { status: 499 });
      });
      void listen((req, res) => {
        // The server has seen the client go: only then does the handler read its signal (or go on waiting).
        res.on('close', gone);
        void handler(req, res);
      }).then((url) => {
        const req = httpRequest(`${url}/`, { method: 'GET' });
        req.on('error', () => undefined);
        req.end();
        void reachedHandler.then(() => req.destroy());
      });
    });
    expect([readSignalFirst, await aborted]).toEqual([readSignalFirst, true]);
  }
});
