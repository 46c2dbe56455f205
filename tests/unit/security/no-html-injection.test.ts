/**
 * Security claim 2: no `innerHTML` or an equivalent with data. Three layers:
 *  - the project's ESLint config carries the rule, and ESLint (its Node API, the project config) really flags a
 *    sample source that uses innerHTML/outerHTML/eval in extension code;
 *  - a scan of every source file under src/ for the HTML-from-string sinks the rule does not cover yet;
 *  - the end-to-end test tests/e2e/security-xss.e2e.ts renders hostile names in the panel, the audit table and
 *    the native-form annotations.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

async function lintAsExtensionCode(code: string, file = 'src/ui/security-probe.tsx'): Promise<Linter.LintMessage[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return result?.messages ?? [];
}

const restricted = (messages: Linter.LintMessage[]) => messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);

describe('the lint rule', () => {
  it('is in the project config for all extension code (src/), and switched off only for tests', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const ruleFor = async (file: string): Promise<string> => {
      const config = (await eslint.calculateConfigForFile(join(ROOT, file))) as { rules?: Record<string, unknown> };
      return JSON.stringify(config.rules?.['no-restricted-syntax'] ?? null);
    };
    for (const file of ['src/ui/Panel.tsx', 'src/content/index.ts', 'src/background/index.ts', 'src/platform/db.ts', 'src/core/keys/audit.ts', 'src/options/options.tsx']) {
      const selectors = await ruleFor(file);
      expect(selectors, file).toContain("MemberExpression[property.name='innerHTML']");
      expect(selectors, file).toContain("MemberExpression[property.name='outerHTML']");
      expect(selectors, file).toContain("CallExpression[callee.name='eval']");
      expect(selectors, file).toMatch(/^\[2,/); // severity 2: an error, so `npm run lint` fails
    }
    // Test fixtures may build DOM from strings; nothing that ships is exempt.
    expect(await ruleFor('tests/unit/security/probe.test.ts')).toMatch(/^\[0[,\]]/);
    expect(await ruleFor('src/ui/audit/print-view.ts')).toMatch(/^\[2,/);
  }, 60_000);

  it('makes ESLint flag innerHTML, outerHTML and eval in extension code, and leaves textContent alone', async () => {
    const messages = await lintAsExtensionCode(
      [
        'export function show(el: HTMLElement, name: string): void {',
        '  el.innerHTML = name;',
        '  el.outerHTML = `<b>${name}</b>`;',
        '  const copy = el.innerHTML;',
        '  eval(name);',
        '  el.textContent = name + copy;',
        '}',
        '',
      ].join('\n'),
    );
    const found = restricted(messages);
    expect(found.filter((m) => m.startsWith('No innerHTML'))).toHaveLength(2);
    expect(found.filter((m) => m.startsWith('No outerHTML'))).toHaveLength(1);
    expect(found.filter((m) => m === 'No eval.')).toHaveLength(1);
    expect(messages.filter((m) => m.line === 6)).toEqual([]);
  }, 60_000);

  it('applies in the content script and the worker too', async () => {
    for (const file of ['src/content/security-probe.ts', 'src/background/security-probe.ts', 'src/platform/security-probe.ts']) {
      const messages = await lintAsExtensionCode('export const f = (el: Element, s: string): void => { el.innerHTML = s; };\n', file);
      expect(restricted(messages), file).toHaveLength(1);
    }
  }, 60_000);

  // FIXME(security, low): the rule only knows `innerHTML`, `outerHTML` and a bare `eval(...)`. These equivalents
  // pass lint today (nothing in src/ uses them; the scan below guards that meanwhile). Fix in eslint.config.js,
  // `no-restricted-syntax`, add:
  //   "JSXAttribute[name.name='dangerouslySetInnerHTML']",
  //   "CallExpression[callee.property.name=/^(insertAdjacentHTML|createContextualFragment)$/]",
  //   "CallExpression[callee.object.name='document'][callee.property.name=/^write(ln)?$/]" (not every `.write(`:
  //   the Workbooks client has a `write` method),
  //   "NewExpression[callee.name='Function']", "MemberExpression[property.name='srcdoc']",
  //   "CallExpression[callee.name=/^(setTimeout|setInterval)$/][arguments.0.type=/Literal$/]".
  // Remove `.skip` when done.
  it('ESLint also flags dangerouslySetInnerHTML, insertAdjacentHTML, document.write, new Function and srcdoc', async () => {
    const samples = [
      'export const A = (p: { s: string }) => <div dangerouslySetInnerHTML={{ __html: p.s }} />;',
      'export const f = (el: Element, s: string): void => el.insertAdjacentHTML("beforeend", s);',
      'export const f = (s: string): void => document.write(s);',
      'export const f = (s: string): unknown => new Function(s);',
      'export const f = (el: HTMLIFrameElement, s: string): void => { el.srcdoc = s; };',
      'export const f = (s: string): DocumentFragment => document.createRange().createContextualFragment(s);',
    ];
    for (const sample of samples) expect(restricted(await lintAsExtensionCode(`${sample}\n`)), sample).toHaveLength(1);
  }, 60_000);
});

// ---------------------------------------------------------------------------------- source scan

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx|js|html)$/.test(name) ? [path] : [];
  });
}

/** Sinks that turn a string into markup or code. */
const SINKS: Array<[string, RegExp]> = [
  ['innerHTML', /\binnerHTML\b/],
  ['outerHTML', /\bouterHTML\b/],
  ['dangerouslySetInnerHTML', /dangerouslySetInnerHTML/],
  ['insertAdjacentHTML', /insertAdjacentHTML/],
  ['document.write', /\b(doc|\w*[dD]ocument)\s*\.\s*write(ln)?\s*\(/],
  ['createContextualFragment', /createContextualFragment/],
  ['DOMParser', /\bDOMParser\b/],
  ['srcdoc', /\bsrcdoc\b/],
  ['eval', /\beval\s*\(/],
  ['new Function', /\bnew\s+Function\s*\(/],
  ['string timer', /\bset(Timeout|Interval)\s*\(\s*['"`]/],
  ['javascript: URL', /['"`]javascript:/i],
  ['script element', /createElement\(\s*['"]script['"]\s*\)/],
];

describe('no HTML-from-string sink anywhere in src/', () => {
  const files = sourceFiles(join(ROOT, 'src'));

  it('scans the whole source tree', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.endsWith('.tsx'))).toBe(true);
  });

  it('uses none of innerHTML, outerHTML, dangerouslySetInnerHTML, insertAdjacentHTML, document.write, DOMParser, srcdoc, eval, new Function, string timers, javascript: URLs or script elements', () => {
    const hits: string[] = [];
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, index) => {
        for (const [name, pattern] of SINKS) if (pattern.test(line)) hits.push(`${relative(ROOT, file)}:${index + 1}: ${name}`);
      });
    }
    expect(hits).toEqual([]);
  });

  it('would catch such a sink (the patterns are live)', () => {
    const probe = ['el.innerHTML = x', 'h("div", { dangerouslySetInnerHTML: { __html: x } })', 'document.write(x)', 'window.eval(x)', 'eval (x)', 'new Function("a", x)', 'setTimeout("go()", 1)'];
    for (const line of probe) expect(SINKS.some(([, pattern]) => pattern.test(line)), line).toBe(true);
  });
});
