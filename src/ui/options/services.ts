/**
 * What the options page needs from the browser, handed in as one object (the page entry wires it to
 * platform/settings), so components never touch storage or permissions themselves.
 */
import type { Settings, SettingsImport, SettingsValidation, SettingsValidationOptions } from '../../core/settings';
import type { LoadedSettings, StorageUsage } from '../../platform/settings';

export interface OptionsServices {
  load(): Promise<LoadedSettings>;
  /** Validates the whole candidate; saves only when all of it is valid. */
  save(candidate: unknown): Promise<SettingsValidation>;
  reset(): Promise<Settings>;
  exportFile(): Promise<{ fileName: string; text: string }>;
  /** Offers `text` as a file download. */
  download(fileName: string, text: string, mimeType: string): void;
  importFile(text: string): Promise<SettingsImport & { remindersNeedPermission?: boolean }>;
  storageUsage(): Promise<StorageUsage>;
  reminderPermissions: {
    granted(): Promise<boolean>;
    /** Call straight from the click handler: the browser requires a user gesture and shows its prompt. */
    request(): Promise<boolean>;
    remove(): Promise<boolean>;
  };
  validationOptions: SettingsValidationOptions;
}
