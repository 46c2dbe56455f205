/**
 * One Vite config, three targets selected by --mode:
 *   chrome      → dist/chrome        (store build, load unpacked)
 *   firefox     → dist/firefox       (Firefox MV3: background.scripts + gecko settings)
 *   chrome-test → dist/chrome-test   (chrome + loopback hosts so the extension runs on the local simulator)
 *   firefox-test → dist/firefox-test (firefox + loopback hosts: the Firefox smoke test in tests/firefox)
 * Everything else is identical between chrome and chrome-test; tests/unit/manifest.test.ts proves store
 * builds never carry loopback hosts.
 */
import { defineConfig, type Plugin } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isFirefoxTarget, manifestForTarget, type BuildTarget } from './src/manifest-targets.ts';

const baseManifest = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8')) as Record<string, unknown>;

function targetFromMode(mode: string): BuildTarget {
  if (mode === 'chrome' || mode === 'firefox' || mode === 'chrome-test' || mode === 'firefox-test') return mode;
  // `vite build` without a mode builds the Chrome store package.
  return 'chrome';
}

/** crxjs writes the manifest itself; this final pass applies the target's adjustments to what it wrote. */
function finalizeManifest(target: BuildTarget): Plugin {
  let outDir = '';
  return {
    name: 'wbka-finalize-manifest',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const file = resolve(outDir, 'manifest.json');
      const written = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      writeFileSync(file, `${JSON.stringify(manifestForTarget(written, target, 'final'), null, 2)}\n`);
    },
  };
}

/**
 * The test build carries a pseudo-French locale: every message wrapped in ⟦…⟧. An end-to-end test runs
 * Chromium with --lang=fr and checks that the panel's words all arrive wrapped — proof that nothing the
 * admin reads is hard-coded. Store builds carry only real translations (today: en_GB).
 */
function pseudoLocale(target: BuildTarget): Plugin {
  let outDir = '';
  return {
    name: 'wbka-pseudo-locale',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      if (target !== 'chrome-test') return;
      const source = JSON.parse(readFileSync(new URL('./public/_locales/en_GB/messages.json', import.meta.url), 'utf8')) as Record<string, { message: string }>;
      const pseudo = Object.fromEntries(Object.entries(source).map(([key, entry]) => [key, { ...entry, message: `⟦${entry.message}⟧` }]));
      mkdirSync(resolve(outDir, '_locales', 'fr'), { recursive: true });
      writeFileSync(resolve(outDir, '_locales', 'fr', 'messages.json'), `${JSON.stringify(pseudo, null, 2)}\n`);
    },
  };
}

export default defineConfig(({ mode }) => {
  const target = targetFromMode(mode);
  return {
    plugins: [
      preact(),
      crx({
        manifest: manifestForTarget(baseManifest, target, 'source') as never,
        browser: isFirefoxTarget(target) ? 'firefox' : 'chrome',
      }),
      finalizeManifest(target),
      pseudoLocale(target),
    ],
    build: {
      // WBKA_OUT_DIR lets parallel work build into separate folders without clobbering dist/.
      outDir: process.env.WBKA_OUT_DIR ?? `dist/${target}`,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      minify: true,
      modulePreload: false,
    },
    server: { port: 5173, strictPort: true, hmr: false },
    legacy: undefined,
  };
});
