/**
 * Paging for long lists (hundreds of keys): only one page is in the DOM, so the drawer stays fast and a screen
 * reader user is not walked through 500 items. The page resets when the list's identity changes.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import { formatCount } from './bulk-text';

export const PAGE_SIZE = 25;

export interface Paged<T> {
  items: T[];
  page: number;
  pages: number;
  setPage: (page: number) => void;
}

export function usePaged<T>(all: readonly T[], resetKey: unknown, size = PAGE_SIZE): Paged<T> {
  const [page, setPage] = useState(0);
  useEffect(() => setPage(0), [resetKey]);
  const pages = Math.max(1, Math.ceil(all.length / size));
  const current = Math.min(page, pages - 1);
  return { items: all.slice(current * size, current * size + size), page: current, pages, setPage };
}

export interface PagerProps {
  paged: Paged<unknown>;
  total: number;
  label: string;
  testId?: string;
}

export function Pager({ paged, total, label, testId }: PagerProps) {
  if (paged.pages <= 1) return null;
  return (
    <nav class="bulk-pager" aria-label={label} data-testid={testId}>
      <button type="button" class="wbka-button wbka-button--small" disabled={paged.page === 0} onClick={() => paged.setPage(paged.page - 1)}>
        {t('bulkPagePrevious')}
      </button>
      <span>{t('bulkPageOf', [formatCount(paged.page + 1), formatCount(paged.pages), formatCount(total)])}</span>
      <button type="button" class="wbka-button wbka-button--small" disabled={paged.page >= paged.pages - 1} onClick={() => paged.setPage(paged.page + 1)}>
        {t('bulkPageNext')}
      </button>
    </nav>
  );
}
