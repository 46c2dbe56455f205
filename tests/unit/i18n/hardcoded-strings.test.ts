/**
 * Nothing user-visible is hard-coded in the UI: JSX text and the attributes people read (aria-label, title,
 * placeholder, alt) must come from `t()`. Found with the TypeScript parser over every .tsx file in src/ui and
 * src/options, so formatting tricks cannot hide a literal.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '..', '..', '..');
const READABLE_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-roledescription', 'aria-valuetext']);
/** Example values in placeholders (host names, addresses) are data, not language. */
const EXAMPLE_VALUE = /^(?=.*[\d.])[a-z0-9.:/*\-,\s]+$/i;
/** Text that is not language: symbols, punctuation, numbers. */
const NOT_LANGUAGE = /^[\s\d.,:;!?()[\]{}<>/\\|+\-–—=*&%$#@^~`'"“”‘’…•·×✓✕⚠ℹ●○▲▼▸▾›‹«»→←↑↓]*$/u;

function tsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return tsxFiles(full);
    return full.endsWith('.tsx') ? [full] : [];
  });
}

export function hardCodedStrings(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const at = (node: ts.Node) => `${relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      const value = node.getText().trim();
      if (value && !NOT_LANGUAGE.test(value)) found.push(`${at(node)} text "${value}"`);
    }
    // Only attributes of HTML/SVG elements reach people; props of our own components are key names etc.
    const owner = ts.isJsxAttribute(node) ? node.parent.parent : null;
    const intrinsic = owner && (ts.isJsxOpeningElement(owner) || ts.isJsxSelfClosingElement(owner)) && /^[a-z]/.test(owner.tagName.getText());
    if (ts.isJsxAttribute(node) && intrinsic) {
      const name = node.name.getText();
      const init = node.initializer;
      if (READABLE_ATTRIBUTES.has(name) && init) {
        const literal = ts.isStringLiteral(init) ? init : ts.isJsxExpression(init) && init.expression && (ts.isStringLiteral(init.expression) || ts.isNoSubstitutionTemplateLiteral(init.expression)) ? init.expression : null;
        if (literal && !NOT_LANGUAGE.test(literal.text) && !EXAMPLE_VALUE.test(literal.text)) found.push(`${at(node)} ${name}="${literal.text}"`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no hard-coded user-visible strings in the UI', () => {
  it('finds a literal when there is one (the check itself works)', () => {
    expect(hardCodedStrings('x.tsx', 'const a = <p title="Save it">Hello {name}</p>;')).toHaveLength(2);
    expect(hardCodedStrings('x.tsx', 'const a = <p title={t("k")}>{t("hello")} · {count}</p>;')).toEqual([]);
  });

  it('every .tsx under src/ui and src/options takes its words from t()', () => {
    const files = [...tsxFiles(join(root, 'src', 'ui')), ...tsxFiles(join(root, 'src', 'options'))];
    const found = files.flatMap((file) => hardCodedStrings(file, readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });
});
