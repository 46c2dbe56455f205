import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const TEST_BUILD_DIR = join(REPO_ROOT, 'dist', 'chrome-test');
