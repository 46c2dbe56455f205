/** The options page's services, wired to platform/settings and the page's own document (for downloads). */
import type { OptionsServices } from '../ui/options/services';
import {
  exportSettingsFile,
  importSettingsFile,
  loadSettingsWithProblems,
  reminderPermissionsGranted,
  removeReminderPermissions,
  requestReminderPermissions,
  resetSettings,
  saveSettings,
  settingsValidationOptions,
  storageUsage,
} from '../platform/settings';

/** A Blob URL and a temporary link: works in Chrome and Firefox without the `downloads` permission. */
function downloadText(doc: Document, fileName: string, text: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled; revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function createOptionsServices(doc: Document): OptionsServices {
  return {
    load: loadSettingsWithProblems,
    save: saveSettings,
    reset: resetSettings,
    exportFile: () => exportSettingsFile(new Date()),
    download: (fileName, text, mimeType) => downloadText(doc, fileName, text, mimeType),
    importFile: importSettingsFile,
    storageUsage,
    reminderPermissions: {
      granted: reminderPermissionsGranted,
      request: requestReminderPermissions,
      remove: removeReminderPermissions,
    },
    validationOptions: settingsValidationOptions(),
  };
}
