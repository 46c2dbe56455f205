import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { LOOPBACK_MATCHES, manifestForTarget, type BuildTarget } from '../../../src/manifest-targets';

const source = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const LOOPBACK = /127\.0\.0\.1|localhost|\[::1\]/;

async function buildTarget(mode: BuildTarget): Promise<Record<string, unknown>> {
  const outDir = mkdtempSync(join(tmpdir(), `wbka-${mode}-`));
  try {
    await build({ mode, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    return JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

describe('manifest targets', () => {
  it('adds loopback hosts only to the test builds', () => {
    for (const target of ['chrome-test', 'firefox-test'] as const) {
      const test = manifestForTarget(manifestForTarget(source, target, 'source'), target, 'final');
      expect(test.host_permissions).toEqual(expect.arrayContaining([...LOOPBACK_MATCHES]));
    }
    for (const target of ['chrome', 'firefox'] as const) {
      const store = manifestForTarget(manifestForTarget(source, target, 'source'), target, 'final');
      expect(JSON.stringify(store)).not.toMatch(LOOPBACK);
    }
  });

  it('asks for no broad permissions', () => {
    expect(source.permissions).toEqual(['storage']);
    expect(source.host_permissions).toEqual(['https://*.workbooks.com/*']);
    expect(JSON.stringify(source)).not.toMatch(/<all_urls>|"tabs"|"scripting"|\*:\/\/\*\//);
  });

  it('built store manifests (chrome and firefox) contain no loopback host; the test build does', async () => {
    const [chrome, firefox, chromeTest] = [await buildTarget('chrome'), await buildTarget('firefox'), await buildTarget('chrome-test')];
    expect(JSON.stringify(chrome)).not.toMatch(LOOPBACK);
    expect(JSON.stringify(firefox)).not.toMatch(LOOPBACK);
    expect(JSON.stringify(chromeTest)).toMatch(LOOPBACK);
    // The test build is otherwise identical to the store build.
    const strip = (m: Record<string, unknown>) =>
      JSON.stringify(m, (key, value: unknown) => (Array.isArray(value) ? value.filter((v) => typeof v !== 'string' || !LOOPBACK.test(v)) : value))
        .replace(/-[A-Za-z0-9_-]{8}\.js/g, '.js');
    expect(strip(chromeTest)).toEqual(strip(chrome));
    // The same holds for the Firefox test build (the Firefox smoke test runs it).
    const [firefoxTest] = [await buildTarget('firefox-test')];
    expect(JSON.stringify(firefoxTest)).toMatch(LOOPBACK);
    expect(strip(firefoxTest)).toEqual(strip(firefox));
  }, 90_000);

  it('gives Firefox background.scripts beside service_worker and gecko settings', async () => {
    const firefox = await buildTarget('firefox');
    const background = firefox.background as { scripts?: string[]; service_worker?: string };
    expect(background.scripts?.length).toBe(1);
    expect(background.service_worker).toBe(background.scripts?.[0]);
    const gecko = (firefox.browser_specific_settings as { gecko: Record<string, unknown> }).gecko;
    expect(gecko.id).toMatch(/@/);
    expect(gecko.data_collection_permissions).toEqual({ required: ['none'] });
  }, 60_000);

  it('every __MSG_ key in the manifest exists in en_GB', () => {
    const messages = JSON.parse(readFileSync(new URL('../../../public/_locales/en_GB/messages.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const keys = [...JSON.stringify(source).matchAll(/__MSG_(\w+)__/g)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(3);
    for (const key of keys) expect(messages).toHaveProperty(key);
  });
});

describe('permissions are exactly those the README justifies', () => {
  it('lists every manifest permission in the README permissions table, and nothing more', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('## Permissions'), readme.indexOf('###', readme.indexOf('## Permissions')));
    const justified = [...table.matchAll(/^\| (?:optional |host )?`([^`]+)` \|/gm)].map((m) => m[1]!).sort();
    const manifest = [
      ...((source.permissions as string[]) ?? []),
      ...((source.optional_permissions as string[] | undefined) ?? []),
      ...((source.host_permissions as string[]) ?? []),
    ].sort();
    expect(justified).toEqual(manifest);
  });
});
