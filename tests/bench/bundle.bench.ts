/**
 * Size of every built entry of the Chrome store build: what the browser downloads for the content script
 * at page load, the worker, the panel (loaded on first open), each panel tab that loads only when first
 * opened, and the options page — raw and gzip. Each lazy tab counts only what the panel has not already
 * loaded (its own chunk plus any shared chunk first needed by it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchRow } from './types';

export const title = 'Bundle sizes (Chrome store build)';

const root = join(import.meta.dirname, '..', '..');
// Its own folder (same build as dist/chrome): the bench never overwrites a build someone else is using.
const dist = join(root, '.tmp', 'bench-bundle-chrome');

const STATIC_IMPORT = /(?:from|import)\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /import\(\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]\s*\)/g;
const RUNTIME_URL = /getURL\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g;

function read(file: string): string {
  return readFileSync(join(dist, file), 'utf8');
}

/** Files reached from `entry` through static imports (and, for loaders, runtime.getURL imports). */
function staticClosure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = read(entry);
  const dir = posix.dirname(entry);
  for (const m of text.matchAll(STATIC_IMPORT)) staticClosure(posix.normalize(posix.join(dir, m[1]!)), seen);
  for (const m of text.matchAll(RUNTIME_URL)) staticClosure(posix.normalize(m[1]!), seen);
  return seen;
}

function dynamicTargets(files: Set<string>): string[] {
  const targets: string[] = [];
  for (const file of files) {
    const dir = posix.dirname(file);
    for (const m of read(file).matchAll(DYNAMIC_IMPORT)) targets.push(posix.normalize(posix.join(dir, m[1]!)));
  }
  return targets;
}

function measure(files: Iterable<string>): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dist, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

export async function run(): Promise<BenchRow[]> {
  execFileSync('npx', ['vite', 'build', '--mode', 'chrome', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, WBKA_OUT_DIR: dist } });
  if (!existsSync(join(dist, 'manifest.json'))) throw new Error(`${dist} was not built`);
  const manifest = JSON.parse(read('manifest.json')) as {
    background: { service_worker: string };
    content_scripts: Array<{ js: string[] }>;
    options_ui: { page: string };
  };

  const content = new Set<string>();
  for (const script of manifest.content_scripts) for (const js of script.js) staticClosure(js, content);
  const worker = staticClosure(manifest.background.service_worker);
  // First open: what the content script imports dynamically, and everything that pulls in statically.
  // The panel's own dynamic imports (the lazy tabs) are not part of it.
  const panel = new Set<string>();
  for (const target of dynamicTargets(content)) staticClosure(target, panel);
  for (const shared of content) panel.delete(shared);
  const lazyTabs = dynamicTargets(panel);
  const tabChunk = (component: string): Set<string> => {
    const chunk = lazyTabs.find((file) => posix.basename(file).startsWith(`${component}-`));
    if (!chunk) throw new Error(`no lazily loaded chunk for ${component} among ${lazyTabs.join(', ') || 'none'}`);
    const files = staticClosure(chunk);
    for (const loaded of [...content, ...panel]) files.delete(loaded);
    return files;
  };

  const optionsHtml = manifest.options_ui.page;
  const optionsFiles = new Set<string>([optionsHtml]);
  const html = read(optionsHtml);
  for (const m of html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)) {
    const file = posix.normalize(m[1]!.startsWith('/') ? m[1]!.slice(1) : posix.join(posix.dirname(optionsHtml), m[1]!));
    if (file.endsWith('.js')) staticClosure(file, optionsFiles);
    else optionsFiles.add(file);
  }

  const rows: BenchRow[] = [];
  const add = (name: string, files: Set<string>, gzipTarget?: string) => {
    const size = measure(files);
    rows.push({ name: `${name} (raw)`, value: size.raw, unit: 'bytes' });
    rows.push({ name: `${name} (gzip)`, value: size.gzip, unit: 'bytes', ...(gzipTarget ? { target: gzipTarget } : {}) });
  };
  add('content script, initial download', content, '≤ 40 KB');
  add('panel, loaded on first open', panel);
  add('audit tab, loaded when first opened', tabChunk('AuditTab'));
  add('bulk edit tab, loaded when first opened', tabChunk('BulkTab'));
  add('activity tab, loaded when first opened', tabChunk('ActivityTab'));
  add('service worker', worker);
  add('options page', optionsFiles);
  return rows;
}
