import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The built test extension; WBKA_TEST_BUILD_DIR points elsewhere when several builds coexist. */
export const TEST_BUILD_DIR = process.env.WBKA_TEST_BUILD_DIR ?? join(REPO_ROOT, 'dist', 'chrome-test');
/** The Firefox test build (Firefox manifest + loopback hosts), used by the Firefox smoke test. */
export const FIREFOX_TEST_BUILD_DIR = process.env.WBKA_FIREFOX_TEST_BUILD_DIR ?? join(REPO_ROOT, 'dist', 'firefox-test');
