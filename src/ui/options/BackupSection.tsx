/**
 * Export and import of settings as a JSON file. An import is judged as a whole: any problem and nothing is
 * saved, with every problem listed.
 */
import { useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import type { Settings } from '../../core/settings';
import { errorText, Section } from './fields';
import { FIELD_LABELS } from './labels';
import type { OptionsServices } from './services';
import { errorMessage } from '../../core/error-message';

type Outcome =
  | { kind: 'exported'; fileName: string }
  | { kind: 'imported'; remindersNeedPermission: boolean }
  | { kind: 'failed'; lines: string[] }
  | null;

export function BackupSection({ services, onImported }: { services: OptionsServices; onImported: (settings: Settings) => void }) {
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);

  const onExport = async () => {
    setBusy(true);
    try {
      const { fileName, text } = await services.exportFile();
      services.download(fileName, text, 'application/json');
      setOutcome({ kind: 'exported', fileName });
    } catch (error) {
      setOutcome({ kind: 'failed', lines: [t('optionsExportFailed', [errorMessage(error)])] });
    } finally {
      setBusy(false);
    }
  };

  const onFileChosen = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    try {
      const result = await services.importFile(await file.text());
      if (result.ok) {
        onImported(result.settings);
        setOutcome({ kind: 'imported', remindersNeedPermission: result.remindersNeedPermission === true });
      } else {
        const lines = [
          ...result.fileErrors.map((error) => t(error.messageKey, error.substitutions)),
          ...result.errors.map((error) => t('optionsImportFieldError', [t(FIELD_LABELS[error.field]), errorText(error)])),
        ];
        setOutcome({ kind: 'failed', lines });
      }
    } catch (error) {
      setOutcome({ kind: 'failed', lines: [t('optionsImportNotJson', [errorMessage(error)])] });
    } finally {
      // The same file can be chosen again after fixing it.
      input.value = '';
      setBusy(false);
    }
  };

  return (
    <Section id="backup" title="optionsBackupTitle" intro="optionsBackupIntro">
      <div class="actions">
        <button type="button" onClick={onExport} disabled={busy} data-testid="export-settings">
          {t('optionsExport')}
        </button>
        {/* The input stays focusable (visually hidden, not display:none); its label is the visible button. */}
        <input id="import-file" class="visually-hidden-file" type="file" accept="application/json,.json" disabled={busy} onChange={onFileChosen} data-testid="import-settings" />
        <label class="file-button" for="import-file" data-testid="import-button">
          {t('optionsImport')}
        </label>
      </div>
      <div role="status" aria-live="polite" data-testid="backup-status" class={outcome?.kind === 'failed' ? 'note note--error' : 'note'}>
        {outcome?.kind === 'exported' && t('optionsExported', [outcome.fileName])}
        {outcome?.kind === 'imported' && (
          <>
            {t('optionsImported')}
            {outcome.remindersNeedPermission && ` ${t('optionsImportedRemindersOff')}`}
          </>
        )}
        {outcome?.kind === 'failed' && (
          <>
            <p class="note__title">{t('optionsImportRejected')}</p>
            <ul>
              {outcome.lines.map((line, index) => (
                <li key={index}>{line}</li>
              ))}
            </ul>
          </>
        )}
      </div>
    </Section>
  );
}
