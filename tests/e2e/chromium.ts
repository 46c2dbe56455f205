/** Finds the system's Chromium: CHROME_PATH, then the usual Debian/Ubuntu/Google names on PATH. */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const CANDIDATES = ['/usr/bin/chromium', 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findChromium(): string | null {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv && isExecutable(fromEnv)) return fromEnv;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const candidate of CANDIDATES) {
    if (candidate.startsWith('/')) {
      if (isExecutable(candidate)) return candidate;
      continue;
    }
    for (const dir of dirs) {
      const full = join(dir, candidate);
      if (isExecutable(full)) return full;
    }
  }
  return null;
}

export const NO_CHROMIUM_MESSAGE =
  'No Chromium found (checked CHROME_PATH, /usr/bin/chromium, chromium-browser, google-chrome): run `apt-get update && apt-get install -y chromium` or set CHROME_PATH.';

export function requireChromium(): string {
  const path = findChromium();
  if (!path) throw new Error(NO_CHROMIUM_MESSAGE);
  return path;
}

/** Flags for a quiet, sandbox-free (root in CI) Chromium on a machine with no outside network. */
export function chromiumArgs(extensionDir: string): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-features=Translate,MediaRouter,OptimizationHints',
  ];
}
