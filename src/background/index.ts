/**
 * Service worker (Chrome) / event page (Firefox). Routes the toolbar button and the keyboard command to the
 * content script of the active Workbooks tab. Listeners are registered synchronously at start-up so the
 * worker wakes for them.
 */
import { browser } from '../platform/browser';
import { togglePanelMessage, type TogglePanelMessage } from '../platform/messages';
import { registerApiService } from './api-service';
import { registerDbService } from './db-service';
import { registerReminders } from './reminders';
import { installBrowserTranslator } from '../platform/i18n';
import { currentTranslator } from '../core/i18n/index';

installBrowserTranslator();

async function togglePanelInTab(tabId: number | undefined, source: TogglePanelMessage['source']): Promise<void> {
  if (tabId === undefined) return;
  try {
    await browser.tabs.sendMessage(tabId, togglePanelMessage(source));
  } catch {
    // No content script in that tab: not a Workbooks page (or not granted). The button then does nothing,
    // which matches what the toolbar tooltip promises; there is nothing useful to show on other sites.
  }
}

registerApiService();
registerDbService();

browser.action.onClicked.addListener((tab) => togglePanelInTab(tab.id, 'action'));

browser.commands.onCommand.addListener(async (command, tab) => {
  if (command !== 'toggle-panel') return;
  // Firefox passes the tab; Chrome does too since 86. Without it, the active tab of the focused window.
  const target = tab ?? (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0];
  await togglePanelInTab(target?.id, 'command');
});

/**
 * No automation protocol can press a toolbar button in headless Chromium, so the end-to-end suite calls
 * this from the worker's own context (unreachable from pages) to exercise the very function the action
 * and command listeners call. `translate` is the core's installed translator, which the suite compares with
 * `i18n.getMessage` for every message.
 */
(globalThis as { wbkaWorker?: unknown }).wbkaWorker = {
  togglePanelInTab,
  translate: (key: string, substitutions: string[]) => currentTranslator()?.message(key, substitutions) ?? '',
};
registerReminders();
