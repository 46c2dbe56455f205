/**
 * The findings under one native field: severity, message, the offending text quoted, and one Fix button
 * per fix. Buttons are type="button" so they can never submit the page's form.
 */
import { t } from '../../platform/i18n';
import { SeverityLabel } from './Severity';
import { visibleQuote } from './quote';
import type { InlineFindingView } from './types';

export interface FieldFindingsProps {
  /** The field's label, for the group's accessible name. */
  fieldLabel: string;
  role: string;
  findings: InlineFindingView[];
  onFix: (findingKey: string, fixIndex: number) => void;
}

export function FieldFindings({ fieldLabel, role, findings, onFix }: FieldFindingsProps) {
  if (findings.length === 0) return null;
  return (
    <div class="wbka-inline" role="group" aria-label={t('formFindingsLabel', fieldLabel)} data-testid="wbka-inline-findings" data-field={role}>
      <ul>
        {findings.map((finding) => (
          <li
            key={finding.key}
            class={`wbka-finding wbka-finding--${finding.severity}`}
            data-testid="wbka-inline-finding"
            data-code={finding.code}
            data-severity={finding.severity}
            data-start={finding.start ?? undefined}
            data-end={finding.end ?? undefined}
          >
            <SeverityLabel severity={finding.severity} />
            <span class="wbka-finding__body">
              {finding.quote !== null && (
                <q class="wbka-finding__quote" data-testid="wbka-inline-quote">
                  {visibleQuote(finding.quote)}
                </q>
              )}
              <span data-testid="wbka-inline-message">{finding.message}</span>
            </span>
            {finding.fixes.length > 0 && (
              <span class="wbka-finding__fixes">
                {finding.fixes.map((fix, index) => (
                  <button key={index} type="button" class="wbka-button" data-testid="wbka-inline-fix" onClick={() => onFix(finding.key, index)}>
                    {t('formFixLabel', fix.label)}
                  </button>
                ))}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
