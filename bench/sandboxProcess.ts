// The local sandbox in a process of its own, for the benches: it sends its API base URL and credentials
// when it is up, and forgets every order when sent any message (so memory stays flat across runs).
import { startSandbox } from '../sandbox/index.ts';

const sandbox = await startSandbox({ port: 0 });
process.on('disconnect', () => process.exit());
process.on('message', () => sandbox.reset());
process.send!({ url: sandbox.apiBaseUrl, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret });
