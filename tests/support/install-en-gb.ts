/**
 * Node contexts (vitest, the bench, tools) have no `browser.i18n`: the core's messages come from the en-GB
 * catalogue itself, through the same substitution rules the browser applies.
 */
import enGB from '../../public/_locales/en_GB/messages.json' with { type: 'json' };
import { createCatalogTranslator } from '../../src/core/i18n/catalog';
import { installTranslator } from '../../src/core/i18n/index';

installTranslator(createCatalogTranslator(enGB, 'en-GB'));
