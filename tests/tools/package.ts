/**
 * `npm run package`: store zips from the store builds (never from the test build). web-ext's builder
 * zips a folder deterministically without adding a zip library to the project.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

for (const target of ['chrome', 'firefox'] as const) {
  const sourceDir = join(root, 'dist', target);
  if (!existsSync(join(sourceDir, 'manifest.json'))) throw new Error(`dist/${target} is missing: run npm run build first`);
  const manifest = readFileSync(join(sourceDir, 'manifest.json'), 'utf8');
  if (/127\.0\.0\.1|localhost/.test(manifest)) throw new Error(`dist/${target} contains loopback hosts: refusing to package a test build`);
  const filename = `workbooks-key-assistant-${target}-${version}.zip`;
  execFileSync('npx', ['web-ext', 'build', '--source-dir', sourceDir, '--artifacts-dir', join(root, 'dist', 'packages'), '--filename', filename, '--overwrite-dest'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  console.log(`dist/packages/${filename}`);
}
