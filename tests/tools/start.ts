/**
 * `npm start` — the demo: builds the test build, starts the simulated Workbooks with seeded data and opens
 * Chromium with the extension on the simulated API Keys page. Headed when a display exists; otherwise
 * headless, saving a screenshot. Without any Chromium it still builds and serves, and says how to load the
 * extension by hand. Ctrl+C stops everything.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { startSimulator } from '../workbooks-sim/index';
import { chromiumArgs, findChromium } from '../e2e/chromium';

const root = join(import.meta.dirname, '..', '..');
const extensionDir = join(root, 'dist', 'chrome-test');
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));

console.log('Building the test build (dist/chrome-test)…');
execFileSync('npx', ['vite', 'build', '--mode', 'chrome-test', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });

mkdirSync(join(root, '.tmp'), { recursive: true });
const sim = await startSimulator({
  port: Number(args.get('port') ?? 0),
  seed: Number(args.get('seed') ?? 1),
  keys: Number(args.get('keys') ?? 60),
  users: Number(args.get('users') ?? 20),
  stateFile: join(root, '.tmp', 'demo-state.json'),
});
const pageUrl = `${sim.url}/desktop/config/api-keys`;
console.log(`\nSimulated Workbooks: ${sim.url}`);
console.log(`API Keys page:       ${pageUrl}`);
console.log(`Administrator:       ${sim.admin.username} / ${sim.admin.password}`);
console.log(`Extension to load:   ${extensionDir}  (chrome://extensions → Developer mode → Load unpacked)`);

let context: BrowserContext | undefined;
const executablePath = findChromium();
if (!executablePath) {
  console.log('\nNo Chromium found, so nothing was opened. Install it (apt-get install -y chromium) or load the folder above');
  console.log('unpacked in your own Chromium/Chrome and open the API Keys page. The simulator keeps running.');
} else {
  const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && args.get('headless') === undefined;
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'wbka-demo-')), {
    executablePath,
    headless: !headed,
    viewport: { width: 1400, height: 860 },
    args: chromiumArgs(extensionDir),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(pageUrl);
  await page.locator('[data-testid="wbka-panel"]').waitFor({ timeout: 15_000 });
  if (!headed) {
    const shot = join(root, 'dist', 'demo-screenshot.png');
    await page.screenshot({ path: shot });
    console.log(`\nNo display: Chromium runs headless. Screenshot of the panel: ${shot}`);
  } else {
    console.log('\nChromium is open with the extension on the simulated API Keys page.');
  }
}
console.log('Press Ctrl+C to stop.');

const stop = async () => {
  await context?.close().catch(() => undefined);
  await sim.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
if (args.has('once')) await stop();
