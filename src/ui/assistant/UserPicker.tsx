/**
 * "Access as User": a filter box over a native <select> (keyboard and screen-reader friendly out of the box),
 * with each user's login problem in the option text. When the users cannot be listed, a user-id field instead,
 * so the key can still be edited.
 */
import { useMemo, useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import { statusOfUser, type UserRecord } from '../../core/keys/model';

/** Options shown at most (the filter narrows large user lists). */
export const MAX_USER_OPTIONS = 300;

export type UsersState = { state: 'loading' } | { state: 'ready'; users: UserRecord[] } | { state: 'failed'; message: string };

export interface UserPickerProps {
  id: string;
  users: UsersState;
  userId: number | null;
  userName: string | null;
  describedBy: string;
  invalid: boolean;
  onChange: (userId: number | null, userName: string | null) => void;
}

function optionText(user: UserRecord): string {
  const status = statusOfUser(user);
  const base = user.email ? `${user.name} — ${user.email}` : user.name;
  if (status === 'login-disabled') return `${base} ${t('editorUserHintLoginDisabled')}`;
  if (status === 'no-edition') return `${base} ${t('editorUserHintNoEdition')}`;
  return base;
}

export function filterUsers(users: readonly UserRecord[], query: string, selectedId: number | null, limit = MAX_USER_OPTIONS): UserRecord[] {
  const needle = query.trim().toLowerCase();
  const matches = needle === '' ? users : users.filter((u) => u.name.toLowerCase().includes(needle) || u.email.toLowerCase().includes(needle) || String(u.id) === needle);
  const shown = matches.slice(0, limit);
  // The chosen user always stays visible, whatever the filter says.
  const selected = selectedId === null ? undefined : users.find((u) => u.id === selectedId);
  if (selected && !shown.includes(selected)) shown.unshift(selected);
  return shown;
}

export function UserPicker({ id, users, userId, userName, describedBy, invalid, onChange }: UserPickerProps) {
  const [query, setQuery] = useState('');
  const list = users.state === 'ready' ? users.users : [];
  const shown = useMemo(() => filterUsers(list, query, userId), [list, query, userId]);

  if (users.state === 'failed') {
    return (
      <div class="wbka-field__control">
        <input
          id={id}
          class="wbka-input"
          type="number"
          inputMode="numeric"
          min={1}
          value={userId ?? ''}
          aria-describedby={`${id}-unlisted ${describedBy}`}
          aria-invalid={invalid}
          data-testid="wbka-editor-user-id"
          onInput={(event) => {
            const text = (event.currentTarget as HTMLInputElement).value.trim();
            onChange(/^\d+$/.test(text) ? Number(text) : null, null);
          }}
        />
        <p id={`${id}-unlisted`} class="wbka-hint">
          {t('editorUsersUnavailable', [users.message])}
        </p>
      </div>
    );
  }

  const selectedListed = userId !== null && list.some((u) => u.id === userId);
  return (
    <div class="wbka-field__control wbka-userpicker">
      <label class="wbka-userpicker__filter-label" for={`${id}-filter`}>
        {t('editorUserFilterLabel')}
      </label>
      <input
        id={`${id}-filter`}
        class="wbka-input wbka-userpicker__filter"
        type="search"
        value={query}
        autoComplete="off"
        data-testid="wbka-editor-user-filter"
        onInput={(event) => setQuery((event.currentTarget as HTMLInputElement).value)}
      />
      <select
        id={id}
        class="wbka-input"
        value={userId === null ? '' : String(userId)}
        aria-describedby={describedBy}
        aria-invalid={invalid}
        aria-busy={users.state === 'loading'}
        data-testid="wbka-editor-user"
        onChange={(event) => {
          const value = (event.currentTarget as HTMLSelectElement).value;
          if (value === '') {
            onChange(null, null);
            return;
          }
          const chosen = list.find((u) => String(u.id) === value);
          onChange(Number(value), chosen ? chosen.name : userName);
        }}
      >
        <option value="">{users.state === 'loading' ? t('editorUsersLoading') : t('editorUserChoose')}</option>
        {userId !== null && !selectedListed && (
          <option value={String(userId)}>{t('editorUserNotListed', [userName ?? `#${userId}`, String(userId)])}</option>
        )}
        {shown.map((user) => (
          <option key={user.id} value={String(user.id)}>
            {optionText(user)}
          </option>
        ))}
      </select>
    </div>
  );
}
