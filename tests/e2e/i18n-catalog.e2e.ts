/**
 * The translator that unit tests, the bench and tools use in Node must say exactly what the browser says:
 * for every message of the en-GB catalogue, with substitutions, Chromium's own `i18n.getMessage` and
 * `createCatalogTranslator` agree character for character.
 */
import enGB from '../../public/_locales/en_GB/messages.json' with { type: 'json' };
import { createCatalogTranslator, type Catalog } from '../../src/core/i18n/catalog';
import { expect, test } from './harness';

test('Chromium’s i18n.getMessage and the Node catalogue translator agree on every message', async ({ extensionWorker }) => {
  const keys = Object.keys(enGB);
  const substitutions = ['S1', 'a $1 b', 'S3', '$$', 'S5', 'S6', 'S7', 'S8', 'S9'];
  const fromBrowser = await extensionWorker.evaluate(
    ({ keys, substitutions }) => {
      const i18n = (globalThis as unknown as { chrome: { i18n: { getMessage(key: string, subs: string[]): string } } }).chrome.i18n;
      return keys.map((key) => i18n.getMessage(key, substitutions));
    },
    { keys, substitutions },
  );
  const translator = createCatalogTranslator(enGB as Catalog, 'en-GB');
  const differences = keys.flatMap((key, index) => {
    const ours = translator.message(key, substitutions);
    return ours === fromBrowser[index] ? [] : [`${key}: browser ${JSON.stringify(fromBrowser[index])} / ours ${JSON.stringify(ours)}`];
  });
  expect(differences).toEqual([]);
  expect(keys.length).toBeGreaterThan(700);
});
