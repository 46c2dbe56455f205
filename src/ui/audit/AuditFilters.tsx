/** Free-text search (debounced by the tab), a user picker and "clear filters", with a live count of what shows. */
import type { TargetedEvent } from 'preact';
import { t, tPlural } from '../../platform/i18n';
import { formatCount } from './audit-text';

export interface UserOption {
  id: number;
  label: string;
  keys: number;
}

export interface AuditFiltersProps {
  text: string;
  onText: (text: string) => void;
  users: readonly UserOption[];
  userIds: readonly number[];
  onUsers: (ids: number[]) => void;
  description: string;
  shown: number;
  total: number;
  onClear: () => void;
}

export function AuditFilters({ text, onText, users, userIds, onUsers, description, shown, total, onClear }: AuditFiltersProps) {
  // One user at a time in the picker; a request from elsewhere may carry several (shown as one choice).
  const value = userIds.length === 0 ? '' : userIds.length === 1 ? String(userIds[0]) : 'several';
  const onUserChange = (event: TargetedEvent<HTMLSelectElement>) => {
    const chosen = event.currentTarget.value;
    if (chosen === 'several') return;
    onUsers(chosen === '' ? [] : [Number(chosen)]);
  };
  return (
    <div class="audit-filters" data-testid="audit-filters">
      <div class="audit-filters__row">
        <label class="audit-field">
          <span class="audit-field__label">{t('auditFilterSearch')}</span>
          <input
            type="search"
            class="audit-input"
            value={text}
            placeholder={t('auditFilterSearchPlaceholder')}
            onInput={(event) => onText(event.currentTarget.value)}
            data-testid="audit-filter-text"
          />
        </label>
        <label class="audit-field">
          <span class="audit-field__label">{t('auditFilterUser')}</span>
          <select class="audit-input" value={value} onChange={onUserChange} data-testid="audit-filter-user">
            <option value="">{t('auditFilterAllUsers')}</option>
            {userIds.length > 1 && <option value="several">{tPlural('auditFilterSeveralUsers', userIds.length)}</option>}
            {users.map((user) => (
              <option value={String(user.id)} key={user.id}>
                {tPlural('auditFilterUserOption', user.keys, [user.label])}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="audit-filters__row audit-filters__status">
        <p role="status" aria-live="polite" class="audit-filters__count" data-testid="audit-filter-count" data-shown={shown} data-total={total}>
          {description === '' ? tPlural('auditShowingAll', total) : tPlural('auditShowingFiltered', total, [formatCount(shown), description])}
        </p>
        {description !== '' && (
          <button type="button" class="audit-button" onClick={onClear} data-testid="audit-filter-clear">
            {t('auditFilterClear')}
          </button>
        )}
      </div>
    </div>
  );
}
