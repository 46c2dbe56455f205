/**
 * Security claim 6: `npm audit --omit=dev` reports no high or critical vulnerability in what ships.
 *
 * The audit needs the npm registry's advisory endpoint, so it runs only when WBKA_NPM_AUDIT=1 (CI decides);
 * otherwise it is reported as skipped, never as passed. When it runs and the endpoint cannot be reached or
 * answers an error, the test FAILS with the reason: an unreachable audit proves nothing.
 *
 * Always on: the shipped (production) dependencies are exactly the three reviewed packages, so a new runtime
 * dependency is a deliberate, reviewed change (docs/security.md §6).
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const AUDIT_ENABLED = process.env.WBKA_NPM_AUDIT === '1';

interface AuditReport {
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { severity: string; via: unknown[]; range?: string; fixAvailable?: unknown }>;
  error?: { code?: string; summary?: string; detail?: string };
  message?: string;
  statusCode?: number;
}

function runAudit(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['audit', '--omit=dev', '--json'], { cwd: ROOT, timeout: 120_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error && typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : error ? null : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm audit --omit=dev', () => {
  it.skipIf(!AUDIT_ENABLED)('finds no high or critical vulnerability in the shipped dependencies (WBKA_NPM_AUDIT=1; needs the registry)', async () => {
    const { code, stdout, stderr } = await runAudit();
    let report: AuditReport;
    try {
      report = JSON.parse(stdout) as AuditReport;
    } catch {
      throw new Error(`npm audit did not answer JSON (exit ${code}); the registry's audit endpoint is probably unreachable.\n${stderr.slice(0, 2000)}`);
    }
    const endpointFailure = report.error ?? (report.statusCode !== undefined || (report.message !== undefined && !report.metadata) ? report : undefined);
    if (endpointFailure || !report.metadata?.vulnerabilities) {
      throw new Error(
        `npm audit could not check the dependencies: the registry's audit endpoint failed (${report.statusCode ?? report.error?.code ?? 'no status'}: ${report.message ?? report.error?.summary ?? 'no message'}). ` +
          'This is not a pass: run it where https://registry.npmjs.org/-/npm/v1/security/advisories/bulk is reachable.',
      );
    }
    const severe = Object.entries(report.vulnerabilities ?? {})
      .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
      .map(([name, v]) => `${name} (${v.severity}${v.range ? `, ${v.range}` : ''})`);
    expect(severe, 'high/critical advisories in production dependencies').toEqual([]);
    expect(report.metadata.vulnerabilities.high ?? 0).toBe(0);
    expect(report.metadata.vulnerabilities.critical ?? 0).toBe(0);
  }, 150_000);

  it('ships only the three reviewed runtime dependencies, pinned by the lockfile', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { dependencies?: Record<string, string> };
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual(['idb', 'preact', 'webextension-polyfill']);
    const lock = JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, { version?: string; dev?: boolean; resolved?: string; integrity?: string }> };
    // What `--omit=dev` installs: every lockfile package not marked dev. Nothing else may come along.
    const shipped = Object.entries(lock.packages)
      .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev)
      .map(([path]) => path.slice('node_modules/'.length));
    expect(shipped.sort()).toEqual(['idb', 'preact', 'webextension-polyfill']);
    for (const name of shipped) {
      const entry = lock.packages[`node_modules/${name}`]!;
      // Pinned: an exact version and its sha512 (the lockfile omits `resolved`: the default registry is used).
      expect(entry.version, name).toMatch(/^\d+\.\d+\.\d+$/);
      if (entry.resolved !== undefined) expect(entry.resolved, name).toMatch(/^https:\/\/registry\.npmjs\.org\//);
      expect(entry.integrity, name).toMatch(/^sha512-/);
    }
  });
});
