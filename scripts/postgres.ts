// A throwaway PostgreSQL server for the tests that need a real one (the store's contract suite on a
// server, the reconciliation drill). `npm run postgres -- run <command…>` starts one, runs the command
// with FLOWWISE_TEST_DATABASE_URL set to it, then stops it and removes its folder; other scripts call
// `startPostgres()`. The server comes from:
//   1. FLOWWISE_TEST_DATABASE_URL when it is already set: that server is used, and nothing is started;
//   2. else `initdb` and `pg_ctl` from Debian's packages (/usr/lib/postgresql/<version>/bin) or on PATH;
//   3. else it installs Debian's `postgresql` with apt-get when that is there and we are root, each
//      command printed with its time limit; if that fails too, it stops with one line naming the
//      commands to run by hand.
// The cluster lives in a temporary folder, listens on 127.0.0.1 only, on a port free when it starts,
// trusts local connections (it is never reachable from elsewhere), and is gone afterwards. PostgreSQL
// refuses to run as root: as root, its commands run as the `postgres` user through `runuser`.
import { spawn, spawnSync, type StdioOptions } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The variable the tests read a real server's URL from. */
export const DATABASE_URL_VARIABLE = 'FLOWWISE_TEST_DATABASE_URL';

const BY_HAND =
  'No PostgreSQL server for the tests. Install one, then run this again: `sudo apt-get install postgresql` (Debian/Ubuntu), `brew install postgresql` (macOS), or set FLOWWISE_TEST_DATABASE_URL to a server of your own.';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The folder holding `initdb` and `pg_ctl`: the newest of Debian's, else the one on PATH, else `undefined`. */
export function findPostgres(): string | undefined {
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((version) => executable(join(debian, version, 'bin/initdb')) && executable(join(debian, version, 'bin/pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(debian, versions[0], 'bin');
  return (process.env.PATH ?? '').split(delimiter).find((dir) => dir && executable(join(dir, 'initdb')) && executable(join(dir, 'pg_ctl')));
}

const asRoot = process.getuid?.() === 0;

/** Runs a command, printing it with its time limit; `quiet` keeps its standard output off the screen. */
function run(command: string, args: string[], timeoutSeconds: number, quiet = false, env = process.env): boolean {
  console.log(`$ ${[command, ...args].map((arg) => (/\s/.test(arg) ? `'${arg}'` : arg)).join(' ')}   (at most ${timeoutSeconds} s)`);
  const stdio: StdioOptions = quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit';
  const result = spawnSync(command, args, { stdio, timeout: timeoutSeconds * 1000, env, killSignal: 'SIGKILL' });
  if (result.error) console.log(`  ${(result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? 'timed out' : result.error.message}`);
  return result.status === 0;
}

/** A command of PostgreSQL's own, as the `postgres` user when we are root. */
function asPostgres(bin: string, command: string, args: string[], timeoutSeconds: number): boolean {
  const path = join(bin, command);
  return asRoot ? run('runuser', ['-u', 'postgres', '--', path, ...args], timeoutSeconds, true) : run(path, args, timeoutSeconds, true);
}

function install(): void {
  const onPath = (name: string) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir && executable(join(dir, name)));
  if (!asRoot || !onPath('apt-get')) return;
  console.log("Installing Debian's postgresql with apt-get:");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update', '-qq'], 120, true, env)) run('apt-get', ['install', '-y', '-qq', 'postgresql'], 300, true, env);
}

/** A port free right now on loopback. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** A running server: its URL, and how to stop it (and remove its folder, when this script started it). */
export interface Postgres {
  url: string;
  stop(): void;
}

/** Finds (or installs) PostgreSQL and starts a throwaway cluster; throws with {@link BY_HAND} when there is none. */
export async function startPostgres(): Promise<Postgres> {
  const given = process.env[DATABASE_URL_VARIABLE];
  if (given) return { url: given, stop: () => undefined };
  let bin = findPostgres();
  if (!bin) {
    install();
    bin = findPostgres();
  }
  if (!bin) throw new Error(BY_HAND);

  const folder = mkdtempSync(join(tmpdir(), 'flowwise-postgres-'));
  const data = join(folder, 'data');
  if (asRoot) chownSync(folder, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), 0);
  const remove = () => rmSync(folder, { recursive: true, force: true });
  if (!asPostgres(bin, 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'], 60)) {
    remove();
    throw new Error(`initdb failed in ${folder}.`);
  }
  const port = await freePort();
  const server = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  if (!asPostgres(bin, 'pg_ctl', ['-D', data, '-o', server, '-l', join(folder, 'log'), '-w', '-t', '30', 'start'], 40)) {
    const log = existsSync(join(folder, 'log')) ? readFileSync(join(folder, 'log'), 'utf8') : '';
    remove();
    throw new Error(`PostgreSQL did not start:\n${log}`);
  }
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return;
      stopped = true;
      asPostgres(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'], 30);
      remove();
    },
  };
}

/** `run <command…>`: the command with FLOWWISE_TEST_DATABASE_URL set to a fresh server; exits with its code. */
async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command !== 'run' || rest.length === 0) {
    console.error('Usage: npm run postgres -- run <command> [args…]   (the command gets FLOWWISE_TEST_DATABASE_URL)');
    return 2;
  }
  let postgres: Postgres;
  try {
    postgres = await startPostgres();
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  console.log(`PostgreSQL for the tests: ${postgres.url}`);
  const child = spawn(rest[0]!, rest.slice(1), { stdio: 'inherit', env: { ...process.env, [DATABASE_URL_VARIABLE]: postgres.url } });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward).on('SIGTERM', forward);
  const code = await new Promise<number>((done) => {
    child.once('error', (error) => (console.error(error.message), done(1)));
    child.once('exit', (status, signal) => done(status ?? (signal ? 1 : 0)));
  });
  postgres.stop();
  return code;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(await main(process.argv.slice(2)));
