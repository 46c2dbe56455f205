/** Severity shown as an icon (decorative) and a word (what screen readers and colour-blind admins get). */
import { t } from '../../platform/i18n';
import type { InlineSeverity } from './types';

const ICONS: Record<InlineSeverity | 'ok', string> = { error: '✖', warning: '▲', info: 'ℹ', ok: '✓' };

export function severityWord(severity: InlineSeverity | 'ok'): string {
  switch (severity) {
    case 'error':
      return t('formSeverityError');
    case 'warning':
      return t('formSeverityWarning');
    case 'info':
      return t('formSeverityInfo');
    case 'ok':
      return t('formSeverityOk');
  }
}

export function SeverityLabel({ severity }: { severity: InlineSeverity | 'ok' }) {
  return (
    <span class="wbka-finding__severity">
      <span aria-hidden="true">{ICONS[severity]}</span> {severityWord(severity)}
    </span>
  );
}
