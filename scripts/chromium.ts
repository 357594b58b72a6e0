// The browser every Chromium test, the Storybook tests and the bench launch, and `npm run browser`
// (run before `npm test`), which finds one or installs one:
//   1. $CHROMIUM_PATH when set;
//   2. else a Chromium or Chrome installed on the system;
//   3. else a Chromium in Playwright's own cache;
//   4. else it installs one: Debian's `chromium` where apt-get is there and we are root, otherwise
//      `playwright install chromium`, each with a time limit; if that fails too, it stops with one line
//      naming the commands to run by hand.
import { spawnSync, type StdioOptions } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SYSTEM_BROWSERS = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'chrome'];
const SYSTEM_PATHS = [
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function inPlaywrightCache(): string | undefined {
  try {
    const { chromium } = createRequire(import.meta.url)('playwright-core') as typeof import('playwright-core');
    const path = chromium.executablePath();
    return executable(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The Chromium to launch, in the order above, or `undefined` when there is none yet. */
export function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of SYSTEM_BROWSERS) {
    const path = onPath(name);
    if (path) return path;
  }
  return SYSTEM_PATHS.find(executable) ?? inPlaywrightCache();
}

/**
 * How every test launches a browser: the one found above, headless, with the background services that
 * would try to reach the network turned off. `executablePath` is left to Playwright when nothing is
 * found, so that its own error says what is missing.
 */
export const chromiumLaunchOptions = {
  executablePath: findChromium(),
  args: [
    '--no-sandbox',
    '--headless',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

const BY_HAND =
  'No browser for the tests. Install one, then run npm test again: `sudo apt-get install chromium` (Debian/Ubuntu), `npx playwright install chromium`, or set CHROMIUM_PATH to a Chromium or Chrome.';

/** Runs a command, printing it; `quiet` keeps its standard output (apt's progress) off the screen. */
function run(command: string, args: string[], timeoutSeconds: number, env: NodeJS.ProcessEnv, quiet = false): boolean {
  console.log(`$ ${[command, ...args].join(' ')}   (at most ${timeoutSeconds} s)`);
  const stdio: StdioOptions = quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit';
  const result = spawnSync(command, args, { stdio, timeout: timeoutSeconds * 1000, env, killSignal: 'SIGKILL' });
  if (result.error) console.log(`  ${(result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? 'timed out' : result.error.message}`);
  return result.status === 0;
}

function install(): void {
  if (process.getuid?.() === 0 && onPath('apt-get')) {
    console.log("Installing Debian's chromium with apt-get:");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-qq'], 120, env, true)) run('apt-get', ['install', '-y', '-qq', 'chromium'], 300, env, true);
  } else {
    console.log("Installing Playwright's Chromium (a download):");
    const cli = join(dirname(createRequire(import.meta.url).resolve('playwright-core/package.json')), 'cli.js');
    // A blocked download fails after 30 s without a byte instead of hanging.
    run(process.execPath, [cli, 'install', 'chromium'], 600, { ...process.env, PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT: '30000' });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let path = findChromium();
  if (!path) {
    install();
    path = findChromium();
  }
  if (!path || !executable(path)) {
    console.error(path ? `CHROMIUM_PATH is ${path}, which is not an executable. ${BY_HAND}` : BY_HAND);
    process.exit(1);
  }
  console.log(`Browser for the tests: ${path}`);
}
