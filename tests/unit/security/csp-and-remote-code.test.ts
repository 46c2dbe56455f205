/**
 * Security claims 3 (strict extension CSP), 4 (no remote code) and the build half of 9 (nothing is injected
 * into the page's own JavaScript world), proved on manifest.json and on the BUILT store packages: the Chrome and
 * Firefox targets are built with Vite's `build()` into temporary folders (as tests/unit/foundation/manifest.test.ts
 * does) and every .js/.html file in them is scanned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'vite';

type Manifest = Record<string, unknown>;
const source = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8')) as Manifest;

interface BuiltTarget {
  name: 'chrome' | 'firefox';
  dir: string;
  manifest: Manifest;
  files: Array<{ path: string; text: string }>;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

const targets: BuiltTarget[] = [];

beforeAll(async () => {
  for (const name of ['chrome', 'firefox'] as const) {
    const dir = mkdtempSync(join(tmpdir(), `wbka-security-${name}-`));
    await build({ mode: name, logLevel: 'silent', build: { outDir: dir, emptyOutDir: true } });
    const files = listFiles(dir)
      .filter((path) => /\.(js|mjs|html)$/.test(path))
      .map((path) => ({ path: relative(dir, path), text: readFileSync(path, 'utf8') }));
    targets.push({ name, dir, manifest: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest, files });
  }
}, 180_000);

afterAll(() => {
  for (const target of targets) rmSync(target.dir, { recursive: true, force: true });
});

// ------------------------------------------------------------------------------------------------ CSP

/** `directive → sources` of a CSP string. */
function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

/** The CSP promises of docs/security.md §3, as one checkable function. */
function expectStrictCsp(manifest: Manifest, label: string): void {
  const csp = manifest.content_security_policy as { extension_pages?: unknown; sandbox?: unknown } | undefined;
  expect(typeof csp?.extension_pages, label).toBe('string');
  const policy = parseCsp(csp!.extension_pages as string);
  expect(policy.get('script-src'), `${label} script-src`).toEqual(["'self'"]);
  expect(policy.get('object-src'), `${label} object-src`).toEqual(["'none'"]);
  expect(policy.get('base-uri'), `${label} base-uri`).toEqual(["'none'"]);
  // No directive may reopen script execution: no default-src/script-src-elem/worker-src with extra sources.
  for (const [directive, values] of policy) {
    for (const value of values) {
      expect(value, `${label} ${directive}`).not.toMatch(/unsafe-eval|unsafe-inline|unsafe-hashes|wasm-unsafe-eval|strict-dynamic|^'nonce-|^'sha\d+-|^https?:|^\*|^data:|^blob:|^filesystem:|^ws/i);
    }
  }
  // No sandboxed pages (they could have a looser policy), no pages or sockets reachable from the web.
  expect(csp!.sandbox, label).toBeUndefined();
  expect(manifest.sandbox, label).toBeUndefined();
  expect(manifest.externally_connectable, label).toBeUndefined();
}

describe('strict extension CSP', () => {
  it('manifest.json: script-src only \'self\', object-src and base-uri none, nothing unsafe, no remote host', () => {
    expectStrictCsp(source, 'manifest.json');
  });

  it('the built Chrome and Firefox manifests keep that policy, and add no externally_connectable', () => {
    expect(targets.map((t) => t.name)).toEqual(['chrome', 'firefox']);
    for (const target of targets) expectStrictCsp(target.manifest, target.name);
  });

  it('the test-only loopback build is the only one with loopback hosts (see tests/unit/foundation/manifest.test.ts); store builds expose assets only to Workbooks pages', () => {
    for (const target of targets) {
      const exposed = (target.manifest.web_accessible_resources as Array<{ matches?: string[]; resources?: string[] }> | undefined) ?? [];
      for (const entry of exposed) {
        // Only the content script's own lazily imported chunks, only to the manifest's hosts.
        expect(entry.matches, target.name).toEqual(source.host_permissions);
        for (const resource of entry.resources ?? []) expect(resource, target.name).toMatch(/^assets\/[\w.-]+\.js$/);
      }
    }
  });
});

// ------------------------------------------------------------------------------------- remote code scan

/** W3C namespace names appear in Preact as identifiers; they are never fetched. */
const NAMESPACE_URIS = new Set(['http://www.w3.org/1998/Math/MathML', 'http://www.w3.org/1999/xhtml', 'http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink', 'http://www.w3.org/XML/1998/namespace']);

const FORBIDDEN: Array<[string, RegExp]> = [
  ['eval(', /\beval\s*\(/],
  ['new Function(', /\bnew\s+Function\s*\(/],
  ['Function("…") constructor call', /(^|[^\w.$])Function\s*\(\s*["'`]/],
  ['string timer', /\bset(Timeout|Interval)\s*\(\s*["'`]/],
  ['importScripts(', /\bimportScripts\s*\(/],
  ['remote <script src>', /<script[^>]*\bsrc\s*=\s*["']?(https?:)?\/\//i],
  ['remote import()', /\bimport\s*\(\s*["'`](https?:)?\/\//],
  ['remote static import', /\bfrom\s*["'`](https?:)?\/\//],
  ['remote import statement', /\bimport\s*["'`](https?:)?\/\//],
  ['remote module worker', /new\s+(Shared)?Worker\s*\(\s*["'`](https?:)?\/\//],
];

/** Ways to run code in the page's own world (claim 9): the extension uses none of them. */
const PAGE_WORLD_INJECTION: Array<[string, RegExp]> = [
  // Call syntax: the polyfill's API table names these methods (`executeScript:{minArgs…}`) without calling them.
  ['scripting.executeScript / tabs.executeScript', /executeScript\s*\(/],
  ['registerContentScripts', /registerContentScripts\s*\(/],
  ["world: 'MAIN'", /world\s*:\s*["']MAIN["']/],
  ['a created <script> element', /createElement\s*\(\s*["'`]script["'`]\s*\)/],
  ['Firefox wrappedJSObject / exportFunction / cloneInto', /wrappedJSObject|exportFunction|cloneInto/],
  ['javascript: URL', /["'`]javascript:/i],
];

/**
 * The specifiers of a module's static imports. Bundled modules keep every static import in one block at the top
 * (`import{a as b}from"./x.js";import"./y.js";`); reading only that block avoids matching "from" in strings.
 */
function leadingImports(text: string): string[] {
  const specifiers: string[] = [];
  const statement = /^\s*(?:\/\*[^]*?\*\/\s*)?import\s*(?:[\w*{}\s,$]+?\s*from\s*)?["']([^"']+)["']\s*;?/;
  let rest = text;
  for (let match = statement.exec(rest); match; match = statement.exec(rest)) {
    specifiers.push(match[1]!);
    rest = rest.slice(match[0].length);
  }
  return specifiers;
}

describe('no remote code in the built packages', () => {
  it('scans every .js and .html file of both store builds', () => {
    for (const target of targets) {
      expect(target.files.filter((f) => f.path.endsWith('.js')).length, target.name).toBeGreaterThan(3);
      expect(target.files.some((f) => f.path.endsWith('.html')), target.name).toBe(true);
    }
  });

  it('contains no eval, Function constructor, string timer, importScripts, remote script, import or worker', () => {
    const hits: string[] = [];
    for (const target of targets) {
      for (const file of target.files) {
        for (const [name, pattern] of FORBIDDEN) if (pattern.test(file.text)) hits.push(`${target.name}/${file.path}: ${name}`);
      }
    }
    expect(hits).toEqual([]);
  });

  it('imports modules only from inside the package (relative paths or runtime.getURL)', () => {
    const outside: string[] = [];
    let seen = 0;
    for (const target of targets) {
      for (const file of target.files) {
        seen += leadingImports(file.text).length + [...file.text.matchAll(/\bimport\s*\(/g)].length;
        for (const match of file.text.matchAll(/\bimport\s*\(([^)]*)\)/g)) {
          const argument = match[1]!.replace(/\/\*[^*]*\*\//g, '').trim();
          if (!/^["'`]\.{1,2}\/[\w./-]+["'`]$/.test(argument) && !/^chrome\.runtime\.getURL\(\s*["'`][\w./-]+["'`]\s*$/.test(`${argument}`.replace(/\)$/, ''))) {
            outside.push(`${target.name}/${file.path}: import(${argument})`);
          }
        }
        for (const specifier of leadingImports(file.text)) {
          if (!/^\.{0,2}\/[\w./-]+$/.test(specifier)) outside.push(`${target.name}/${file.path}: import from ${specifier}`);
        }
        for (const match of file.text.matchAll(/<script[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)) {
          if (!/^\.{0,2}\/[\w./-]+$/.test(match[1]!)) outside.push(`${target.name}/${file.path}: <script src=${match[1]}>`);
        }
      }
    }
    expect(outside).toEqual([]);
    expect(seen).toBeGreaterThan(10); // the scan really read imports
  });

  it('names no remote URL at all, apart from XML namespace names (the Workbooks origin always comes from the page)', () => {
    const urls = new Set<string>();
    for (const target of targets) {
      for (const file of target.files) {
        for (const match of file.text.matchAll(/\b(?:https?|wss?|ftp):\/\/[^\s"'`)<>\\]+/g)) if (!NAMESPACE_URIS.has(match[0])) urls.add(`${target.name}/${file.path}: ${match[0]}`);
      }
    }
    expect([...urls]).toEqual([]);
  });

  it('never injects code into the page’s own JavaScript world (built packages and src/)', () => {
    const hits: string[] = [];
    for (const target of targets) {
      for (const file of target.files) for (const [name, pattern] of PAGE_WORLD_INJECTION) if (pattern.test(file.text)) hits.push(`${target.name}/${file.path}: ${name}`);
    }
    const srcRoot = new URL('../../../src', import.meta.url).pathname;
    for (const path of listFiles(srcRoot).filter((p) => /\.(ts|tsx)$/.test(p))) {
      const text = readFileSync(path, 'utf8');
      for (const [name, pattern] of PAGE_WORLD_INJECTION) if (pattern.test(text)) hits.push(`src/${relative(srcRoot, path)}: ${name}`);
    }
    expect(hits).toEqual([]);
  });

  it('the patterns are live (each catches its sample)', () => {
    const samples = [
      'eval("1")',
      'x=new Function("a","b")',
      ';Function("return this")()',
      'setTimeout("go()",1)',
      'importScripts("https://cdn.example/x.js")',
      '<script src="https://cdn.example/x.js"></script>',
      'import("https://cdn.example/x.js")',
      'import x from "https://cdn.example/x.js"',
      'import "//cdn.example/x.js"',
      'new Worker("https://cdn.example/w.js")',
    ];
    for (const sample of samples) expect(FORBIDDEN.some(([, pattern]) => pattern.test(sample)), sample).toBe(true);
    for (const sample of ['chrome.scripting.executeScript({})', 'world:"MAIN"', 'document.createElement("script")', 'window.wrappedJSObject', 'href="javascript:void 0"']) {
      expect(PAGE_WORLD_INJECTION.some(([, pattern]) => pattern.test(sample)), sample).toBe(true);
    }
  });
});
