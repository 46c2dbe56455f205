// One lint toolchain for the whole repository: ESLint flat config + typescript-eslint.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node, ...globals.webextensions },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='innerHTML']", message: 'No innerHTML: render data with Preact or textContent.' },
        { selector: "MemberExpression[property.name='outerHTML']", message: 'No outerHTML: render data with Preact or textContent.' },
        { selector: "CallExpression[callee.name='eval']", message: 'No eval.' },
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No HTML from data: render with Preact.' },
        { selector: "CallExpression[callee.property.name=/^(insertAdjacentHTML|createContextualFragment)$/]", message: 'No HTML from data: build nodes with DOM APIs.' },
        { selector: "CallExpression[callee.object.name='document'][callee.property.name=/^write(ln)?$/]", message: 'No document.write.' },
        { selector: "NewExpression[callee.name='Function']", message: 'No new Function: no code from strings.' },
        { selector: "MemberExpression[property.name='srcdoc']", message: 'No srcdoc: no HTML from data.' },
        { selector: "CallExpression[callee.name=/^(setTimeout|setInterval)$/][arguments.0.type=/Literal$/]", message: 'No string timers: pass a function.' },
      ],
    },
  },
  {
    // core/ is pure: no DOM, no browser APIs, no I/O of its own.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'document', 'window', 'chrome', 'browser', 'indexedDB', 'localStorage', 'fetch'],
      'no-restricted-imports': ['error', { patterns: ['webextension-polyfill', 'idb', 'preact', 'preact/*', '../../platform/*', '../../ui/*'] }],
    },
  },
  {
    // Test-only code under tests/ may use dangerouslySet-like DOM APIs to build fixtures.
    files: ['tests/**/*.ts', 'tests/**/*.tsx'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
