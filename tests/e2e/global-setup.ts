/**
 * Before any end-to-end test: Chromium must exist (one clear line if not), and the test build must be
 * present. `npm run test:e2e` builds it first; running `playwright test` alone reuses or builds it.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { findChromium, NO_CHROMIUM_MESSAGE } from './chromium';
import { TEST_BUILD_DIR } from './paths';

export default function globalSetup(): void {
  if (!findChromium()) {
    console.error(NO_CHROMIUM_MESSAGE);
    throw new Error(NO_CHROMIUM_MESSAGE);
  }
  if (!existsSync(`${TEST_BUILD_DIR}/manifest.json`)) {
    execFileSync('npx', ['vite', 'build', '--mode', 'chrome-test'], { stdio: 'inherit' });
  }
}
