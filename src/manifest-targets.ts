/**
 * Per-target manifest adjustments, kept pure so a unit test can check every target without a build.
 * `phase: 'source'` runs on manifest.json before crxjs reads it (paths still point at .ts sources);
 * `phase: 'final'` runs on the manifest crxjs wrote (paths point at built files).
 */
export type BuildTarget = 'chrome' | 'firefox' | 'chrome-test' | 'firefox-test';
type Manifest = Record<string, unknown>;

/** Loopback origins where the simulator runs; only the test build may ever contain them. */
export const LOOPBACK_MATCHES = ['http://127.0.0.1/*', 'http://localhost/*'] as const;

/** Firefox add-on id: stable so settings survive updates. */
export const GECKO_ID = 'workbooks-key-assistant@extensions.workbooks-admin-tools.example';

interface ContentScript {
  matches?: string[];
  [key: string]: unknown;
}

function withLoopback(manifest: Manifest): Manifest {
  const hosts = [...((manifest.host_permissions as string[] | undefined) ?? []), ...LOOPBACK_MATCHES];
  const scripts = ((manifest.content_scripts as ContentScript[] | undefined) ?? []).map((script) => ({
    ...script,
    matches: [...(script.matches ?? []), ...LOOPBACK_MATCHES],
  }));
  return { ...manifest, host_permissions: hosts, content_scripts: scripts };
}

/** Before crxjs: it builds Firefox's background from `background.scripts`. */
function firefoxSource(manifest: Manifest): Manifest {
  const background = (manifest.background ?? {}) as Record<string, unknown>;
  const serviceWorker = background.service_worker as string | undefined;
  return { ...manifest, background: { scripts: serviceWorker ? [serviceWorker] : [], type: 'module' } };
}

/** After crxjs: the Firefox-only keys, and `service_worker` beside `scripts` for browsers that prefer it. */
function firefoxFinal(manifest: Manifest): Manifest {
  const background = (manifest.background ?? {}) as Record<string, unknown>;
  const scripts = (background.scripts as string[] | undefined) ?? [];
  // Firefox cannot make `alarms` optional (web-ext: "Invalid optional_permissions"); there it is a plain
  // permission, which Firefox grants without a prompt. Notifications stay optional everywhere.
  const optional = ((manifest.optional_permissions as string[] | undefined) ?? []).filter((p) => p !== 'alarms');
  const required = (manifest.permissions as string[] | undefined) ?? [];
  const movedAlarms = (manifest.optional_permissions as string[] | undefined)?.includes('alarms') ?? false;
  const next: Manifest = {
    ...manifest,
    permissions: movedAlarms ? [...required, 'alarms'] : required,
    optional_permissions: optional,
    // Firefox MV3 runs `scripts` as an event page; Chromium-based browsers use `service_worker`.
    background: { service_worker: scripts[0], scripts, type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '142.0',
        // Nothing leaves the browser except the admin's own calls to their Workbooks service.
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
  delete next.minimum_chrome_version;
  return next;
}

export function isFirefoxTarget(target: BuildTarget): boolean {
  return target === 'firefox' || target === 'firefox-test';
}

export function manifestForTarget(manifest: Manifest, target: BuildTarget, phase: 'source' | 'final'): Manifest {
  if (phase === 'source') {
    if (target === 'chrome-test') return withLoopback(manifest);
    if (target === 'firefox') return firefoxSource(manifest);
    if (target === 'firefox-test') return firefoxSource(withLoopback(manifest));
    return { ...manifest };
  }
  return isFirefoxTarget(target) ? firefoxFinal(manifest) : manifest;
}
