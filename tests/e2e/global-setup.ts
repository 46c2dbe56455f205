/**
 * Before any end-to-end test: Chromium and Firefox must exist (one clear line if not), and the test builds
 * must be present. `npm run test:e2e` builds it first; running `playwright test` alone reuses or builds it.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { findChromium, NO_CHROMIUM_MESSAGE } from './chromium';
import { findFirefox, NO_FIREFOX_MESSAGE } from '../firefox/firefox';
import { FIREFOX_TEST_BUILD_DIR, TEST_BUILD_DIR } from './paths';

export default function globalSetup(): void {
  if (!findChromium()) {
    console.error(NO_CHROMIUM_MESSAGE);
    throw new Error(NO_CHROMIUM_MESSAGE);
  }
  // The Firefox smoke test drives Debian's Firefox ESR: as required as Chromium.
  if (!findFirefox()) {
    console.error(NO_FIREFOX_MESSAGE);
    throw new Error(NO_FIREFOX_MESSAGE);
  }
  if (!existsSync(`${TEST_BUILD_DIR}/manifest.json`)) {
    execFileSync('npx', ['vite', 'build', '--mode', 'chrome-test'], { stdio: 'inherit' });
  }
  if (!existsSync(`${FIREFOX_TEST_BUILD_DIR}/manifest.json`)) {
    execFileSync('npx', ['vite', 'build', '--mode', 'firefox-test'], { stdio: 'inherit' });
  }
}
