/** What the extension keeps in this browser, so admins can see that logs and caches stay small. */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import type { StorageUsage } from '../../platform/settings';
import { Section } from './fields';
import { formatBytes } from './format';
import type { OptionsServices } from './services';

export function StorageSection({ services, refreshKey }: { services: OptionsServices; refreshKey: number }) {
  const [usage, setUsage] = useState<StorageUsage | null>(null);
  const [failed, setFailed] = useState(false);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let live = true;
    services
      .storageUsage()
      .then((value) => live && (setUsage(value), setFailed(false)))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [services, refreshKey, nonce]);

  const unavailable = t('optionsStorageUnavailable');
  return (
    <Section id="storage" title="optionsStorageTitle" intro="optionsStorageIntro">
      <dl class="usage" aria-busy={usage === null && !failed ? 'true' : 'false'} data-testid="storage-usage">
        <dt>{t('optionsStorageLocal')}</dt>
        <dd data-testid="storage-local">{usage ? (usage.localBytes === null ? unavailable : formatBytes(usage.localBytes)) : failed ? unavailable : '…'}</dd>
        <dt>{t('optionsStorageDatabases')}</dt>
        <dd data-testid="storage-origin">
          {usage
            ? usage.originUsageBytes === null
              ? unavailable
              : usage.originQuotaBytes === null
                ? formatBytes(usage.originUsageBytes)
                : t('optionsStorageOfQuota', [formatBytes(usage.originUsageBytes), formatBytes(usage.originQuotaBytes)])
            : failed
              ? unavailable
              : '…'}
        </dd>
      </dl>
      <div class="actions">
        <button type="button" class="button--secondary" onClick={() => setNonce(nonce + 1)}>
          {t('optionsStorageRefresh')}
        </button>
      </div>
    </Section>
  );
}
