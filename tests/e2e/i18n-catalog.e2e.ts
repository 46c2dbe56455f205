/**
 * The translators must say exactly what the browser says: for every message of the en-GB catalogue, with
 * substitutions, Chromium's own `i18n.getMessage`, the Node `createCatalogTranslator` (unit tests, bench, tools)
 * and the extension's installed translator (getMessage compiled once per message) agree character for character.
 */
import enGB from '../../public/_locales/en_GB/messages.json' with { type: 'json' };
import { createCatalogTranslator, type Catalog } from '../../src/core/i18n/catalog';
import { expect, test } from './harness';

test('Chromium’s i18n.getMessage and the Node catalogue translator agree on every message', async ({ extensionWorker }) => {
  const keys = Object.keys(enGB);
  const substitutions = ['S1', 'a $1 b', 'S3', '$$', 'S5', 'S6', 'S7', 'S8', 'S9'];
  const { fromBrowser, fromInstalled } = await extensionWorker.evaluate(
    ({ keys, substitutions }) => {
      const scope = globalThis as unknown as {
        chrome: { i18n: { getMessage(key: string, subs: string[]): string } };
        wbkaWorker: { translate(key: string, subs: string[]): string };
      };
      // Twice through the installed translator: the first call compiles the message, the second uses that.
      keys.forEach((key) => scope.wbkaWorker.translate(key, ['x']));
      return {
        fromBrowser: keys.map((key) => scope.chrome.i18n.getMessage(key, substitutions)),
        fromInstalled: keys.map((key) => scope.wbkaWorker.translate(key, substitutions)),
      };
    },
    { keys, substitutions },
  );
  const translator = createCatalogTranslator(enGB as Catalog, 'en-GB');
  const differences = keys.flatMap((key, index) => {
    const ours = translator.message(key, substitutions);
    return ours === fromBrowser[index] ? [] : [`${key}: browser ${JSON.stringify(fromBrowser[index])} / ours ${JSON.stringify(ours)}`];
  });
  expect(differences).toEqual([]);
  // The extension's own translator (getMessage compiled once per message) says the same as getMessage.
  const installedDifferences = keys.flatMap((key, index) =>
    fromInstalled[index] === fromBrowser[index] ? [] : [`${key}: browser ${JSON.stringify(fromBrowser[index])} / installed ${JSON.stringify(fromInstalled[index])}`],
  );
  expect(installedDifferences).toEqual([]);
  expect(keys.length).toBeGreaterThan(700);
});
