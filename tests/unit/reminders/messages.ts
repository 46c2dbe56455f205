/**
 * `chrome.i18n.getMessage` semantics over the real en-GB messages.json (named placeholders whose content is
 * $1…$9), so unit tests check the wording admins will actually read.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface MessageEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

const messages = JSON.parse(readFileSync(fileURLToPath(new URL('../../../public/_locales/en_GB/messages.json', import.meta.url)), 'utf8')) as Record<string, MessageEntry>;

export function enGB(key: string, substitutions: readonly string[] = []): string {
  const entry = messages[key];
  if (!entry) throw new Error(`No message ${key}`);
  const resolved = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
    const placeholder = entry.placeholders?.[name.toLowerCase()];
    if (!placeholder) return whole;
    return placeholder.content.replace(/\$(\d)/g, (_, index: string) => substitutions[Number(index) - 1] ?? '');
  });
  return resolved.replace(/\$\$/g, '$');
}
