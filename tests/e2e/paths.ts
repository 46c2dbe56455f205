import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The built test extension; WBKA_TEST_BUILD_DIR points elsewhere when several builds coexist. */
export const TEST_BUILD_DIR = process.env.WBKA_TEST_BUILD_DIR ?? join(REPO_ROOT, 'dist', 'chrome-test');
