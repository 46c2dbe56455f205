/**
 * The audit's key table: a virtualised ARIA grid. Only the rows in view (plus an overscan) are in the DOM, in a
 * fixed-height scroll container, so 5,000 keys cost what 30 do. Screen readers still learn the real size from
 * `aria-rowcount` and each row's `aria-rowindex`. Keyboard (WAI-ARIA grid pattern): one Tab stop in the body,
 * arrows / Home / End / Page keys move the active cell (scrolling it into view, rendering it first), Enter opens
 * the key, Space ticks its checkbox. Header buttons sort; the header checkbox selects every row the filter shows.
 */
import type { JSX, TargetedFocusEvent, TargetedKeyboardEvent } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { KeyAuditRow } from '../../core/keys/audit';
import type { AuditSortColumn, SortDirection } from '../../core/keys/audit-table';
import type { UserStatus } from '../../core/keys/model';
import { formatDisplayDate, isCalendarDate } from '../../core/dates';
import { t, tPlural, type MessageKey } from '../../platform/i18n';

export const AUDIT_ROW_HEIGHT = 44;
export const AUDIT_HEADER_HEIGHT = 40;
/** Rows rendered above and below the visible ones, so fast scrolling rarely shows blank space. */
export const AUDIT_OVERSCAN = 8;
export const AUDIT_VIEWPORT_HEIGHT = 420;

export interface AuditSort {
  column: AuditSortColumn;
  direction: SortDirection;
}

interface ColumnDef {
  id: 'select' | 'name' | 'findings' | 'user' | 'status' | 'validFrom' | 'until' | 'ip';
  sort: AuditSortColumn | null;
  label: MessageKey;
  width: number;
  /** Direction of the first click: worst first for severities and statuses, A→Z / soonest first otherwise. */
  firstDirection: SortDirection;
}

const COLUMNS: readonly ColumnDef[] = [
  { id: 'select', sort: null, label: 'auditColSelect', width: 36, firstDirection: 'asc' },
  { id: 'name', sort: 'name', label: 'auditColName', width: 160, firstDirection: 'asc' },
  { id: 'findings', sort: 'severity', label: 'auditColFindings', width: 180, firstDirection: 'desc' },
  { id: 'user', sort: 'user', label: 'auditColUser', width: 140, firstDirection: 'asc' },
  { id: 'status', sort: 'userStatus', label: 'auditColStatus', width: 124, firstDirection: 'desc' },
  { id: 'validFrom', sort: 'validFrom', label: 'auditColValidFrom', width: 104, firstDirection: 'asc' },
  { id: 'until', sort: 'until', label: 'auditColUntil', width: 136, firstDirection: 'asc' },
  { id: 'ip', sort: 'ip', label: 'auditColIp', width: 200, firstDirection: 'asc' },
];
const TEMPLATE = COLUMNS.map((c) => `${c.width}px`).join(' ');
const TOTAL_WIDTH = COLUMNS.reduce((sum, c) => sum + c.width, 0);
/** The select and name columns stay in view while scrolling sideways. */
const STICKY_WIDTH = COLUMNS[0]!.width + COLUMNS[1]!.width;

const STATUS_LABEL: Record<UserStatus, MessageKey> = {
  ok: 'auditStatusOk',
  'login-disabled': 'auditStatusLoginDisabled',
  'no-edition': 'auditStatusNoEdition',
  deleted: 'auditStatusDeleted',
  unknown: 'auditStatusUnknown',
};

export function userStatusLabel(status: UserStatus): string {
  return t(STATUS_LABEL[status]);
}

export function daysLeftLabel(daysLeft: number | null): string {
  if (daysLeft === null) return '';
  // One day ago has a word of its own; other counts take the plural form of the admin's language.
  if (daysLeft < 0) return daysLeft === -1 ? t('auditExpiredOneDay') : tPlural('auditExpiredDays', -daysLeft);
  if (daysLeft === 0) return t('auditLastDayToday');
  return tPlural('auditDaysLeft', daysLeft);
}

export function displayDate(date: string | null): string {
  return date !== null && isCalendarDate(date) ? formatDisplayDate(date) : '—';
}

export function userLabel(row: KeyAuditRow): string {
  if (row.userName !== null && row.userName.trim() !== '') return row.userName;
  return row.userId === null ? t('auditNoUser') : t('auditUserNumber', String(row.userId));
}

/** Sorted, space-separated finding codes: what the end-to-end test compares with the simulator's ground truth. */
export function rowCodes(row: KeyAuditRow): string {
  return row.findings
    .map((f) => f.code)
    .sort()
    .join(' ');
}

export interface KeyAuditTableProps {
  /** Already filtered and sorted. */
  rows: readonly KeyAuditRow[];
  sort: AuditSort;
  onSort: (sort: AuditSort) => void;
  selected: ReadonlySet<number>;
  onToggle: (keyId: number) => void;
  /** Select (true) or unselect (false) every row in `rows`. */
  onToggleAll: (select: boolean) => void;
  onOpen: (row: KeyAuditRow) => void;
  /** Id of the element naming the grid. */
  labelledBy: string;
  viewportHeight?: number;
}

interface ActiveCell {
  row: number;
  col: number;
}

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, value));

export function KeyAuditTable({ rows, sort, onSort, selected, onToggle, onToggleAll, onOpen, labelledBy, viewportHeight = AUDIT_VIEWPORT_HEIGHT }: KeyAuditTableProps) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const selectAllRef = useRef<HTMLInputElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [active, setActive] = useState<ActiveCell>({ row: 0, col: 1 });
  const focusAfterRender = useRef(false);

  const count = rows.length;
  const bodyHeight = viewportHeight - AUDIT_HEADER_HEIGHT;
  const first = clamp(Math.floor(scrollTop / AUDIT_ROW_HEIGHT) - AUDIT_OVERSCAN, 0, Math.max(0, count - 1));
  const last = clamp(Math.ceil((scrollTop + bodyHeight) / AUDIT_ROW_HEIGHT) + AUDIT_OVERSCAN, 0, count);
  const activeRow = clamp(active.row, 0, Math.max(0, count - 1));
  // The body keeps exactly one Tab stop: the active cell when it is rendered, else the first rendered row's.
  const tabRow = activeRow >= first && activeRow < last ? activeRow : first;

  const selectedShown = rows.reduce((n, row) => (selected.has(row.keyId) ? n + 1 : n), 0);
  const allSelected = count > 0 && selectedShown === count;

  useLayoutEffect(() => {
    if (selectAllRef.current) selectAllRef.current.indeterminate = selectedShown > 0 && !allSelected;
  }, [selectedShown, allSelected]);

  // A new filter or sort: back to the top (the old position means nothing in the new order). A layout effect, so
  // it lands in the same task as the new rows and can never undo a key press that follows.
  useLayoutEffect(() => {
    if (scrollerRef.current) scrollerRef.current.scrollTop = 0;
    setScrollTop(0);
    setActive((a) => ({ row: 0, col: a.col }));
  }, [rows]);

  useLayoutEffect(() => {
    if (!focusAfterRender.current) return;
    focusAfterRender.current = false;
    const scroller = scrollerRef.current;
    const cell = scroller?.querySelector<HTMLElement>(`[data-cell="${activeRow}:${active.col}"]`);
    if (!scroller || !cell) return;
    cell.focus({ preventScroll: true });
    // Sideways: keep the cell clear of the sticky columns on the left.
    if (active.col >= 2) {
      const left = cell.offsetLeft;
      const right = left + cell.offsetWidth;
      if (left - STICKY_WIDTH < scroller.scrollLeft) scroller.scrollLeft = left - STICKY_WIDTH;
      else if (right > scroller.scrollLeft + scroller.clientWidth) scroller.scrollLeft = right - scroller.clientWidth;
    } else {
      scroller.scrollLeft = 0;
    }
  });

  const moveTo = (row: number, col: number) => {
    if (count === 0) return;
    const target = { row: clamp(row, 0, count - 1), col: clamp(col, 0, COLUMNS.length - 1) };
    const scroller = scrollerRef.current;
    if (scroller) {
      const top = target.row * AUDIT_ROW_HEIGHT;
      // The scroller's height is fixed (viewportHeight): no layout read needed.
      const visible = bodyHeight;
      if (top < scroller.scrollTop) scroller.scrollTop = top;
      else if (top + AUDIT_ROW_HEIGHT > scroller.scrollTop + visible) scroller.scrollTop = top + AUDIT_ROW_HEIGHT - visible;
      setScrollTop(scroller.scrollTop);
    }
    focusAfterRender.current = true;
    setActive(target);
  };

  const onBodyKeyDown = (event: TargetedKeyboardEvent<HTMLDivElement>) => {
    const pageRows = Math.max(1, Math.floor(bodyHeight / AUDIT_ROW_HEIGHT) - 1);
    const col = active.col;
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(activeRow + 1, col);
        break;
      case 'ArrowUp':
        moveTo(activeRow - 1, col);
        break;
      case 'ArrowRight':
        moveTo(activeRow, col + 1);
        break;
      case 'ArrowLeft':
        moveTo(activeRow, col - 1);
        break;
      case 'PageDown':
        moveTo(activeRow + pageRows, col);
        break;
      case 'PageUp':
        moveTo(activeRow - pageRows, col);
        break;
      case 'Home':
        moveTo(event.ctrlKey ? 0 : activeRow, 0);
        break;
      case 'End':
        moveTo(event.ctrlKey ? count - 1 : activeRow, COLUMNS.length - 1);
        break;
      case 'Enter': {
        const row = rows[activeRow];
        if (row) onOpen(row);
        break;
      }
      case ' ': {
        const row = rows[activeRow];
        if (row) onToggle(row.keyId);
        break;
      }
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  };

  // Mouse focus (or a screen reader moving focus) makes that cell the active one.
  const onBodyFocusIn = (event: TargetedFocusEvent<HTMLDivElement>) => {
    const target = event.target instanceof Element ? event.target.closest('[data-cell]') : null;
    const [row, col] = (target?.getAttribute('data-cell') ?? '').split(':').map(Number);
    if (row === undefined || col === undefined || Number.isNaN(row) || Number.isNaN(col)) return;
    if (row !== active.row || col !== active.col) setActive({ row, col });
  };

  const headerCell = (column: ColumnDef, index: number) => {
    if (column.sort === null) {
      return (
        <div role="columnheader" class="audit-grid__cell audit-grid__cell--select audit-grid__head-cell" aria-colindex={index + 1} key={column.id}>
          <input
            ref={selectAllRef}
            type="checkbox"
            class="audit-grid__check"
            checked={allSelected}
            disabled={count === 0}
            aria-label={tPlural('auditSelectAllFiltered', count)}
            title={tPlural('auditSelectAllFiltered', count)}
            onChange={() => onToggleAll(!allSelected)}
            data-testid="audit-select-all"
          />
        </div>
      );
    }
    const sorted = sort.column === column.sort;
    const ariaSort = sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined;
    const next: SortDirection = sorted ? (sort.direction === 'asc' ? 'desc' : 'asc') : column.firstDirection;
    const sortColumn = column.sort;
    return (
      <div
        role="columnheader"
        class={`audit-grid__cell audit-grid__head-cell${column.id === 'name' ? ' audit-grid__cell--name' : ''}`}
        aria-sort={ariaSort}
        aria-colindex={index + 1}
        key={column.id}
      >
        <button type="button" class="audit-grid__sort" onClick={() => onSort({ column: sortColumn, direction: next })} data-testid={`audit-sort-${column.id}`}>
          <span>{t(column.label)}</span>
          <span class="audit-grid__sort-mark" aria-hidden="true">
            {sorted ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </div>
    );
  };

  const cellProps = (rowIndex: number, colIndex: number, extra = '') => ({
    role: 'gridcell' as const,
    class: `audit-grid__cell${extra}`,
    'aria-colindex': colIndex + 1,
    'data-cell': `${rowIndex}:${colIndex}`,
    tabIndex: rowIndex === tabRow && colIndex === active.col ? 0 : -1,
  });

  const renderRow = (row: KeyAuditRow, index: number) => {
    const isSelected = selected.has(row.keyId);
    const name = row.name.trim() === '' ? t('auditNoName') : row.name;
    const messages = row.findings.map((f) => (f.detail ? `${f.message} [${f.detail}]` : f.message)).join('\n');
    return (
      <div
        role="row"
        key={row.keyId}
        class={`audit-grid__row${isSelected ? ' audit-grid__row--selected' : ''}${row.worstSeverity ? ` audit-grid__row--${row.worstSeverity}` : ''}`}
        aria-rowindex={index + 2}
        aria-selected={isSelected}
        style={{ top: `${index * AUDIT_ROW_HEIGHT}px`, gridTemplateColumns: TEMPLATE, width: `${TOTAL_WIDTH}px` }}
        data-testid="audit-row"
        data-key-id={row.keyId}
        data-codes={rowCodes(row)}
        onClick={() => onOpen(row)}
      >
        <div
          {...cellProps(index, 0, ' audit-grid__cell--select')}
          onClick={(event) => {
            // The checkbox column selects; it never opens the key (a missed checkbox must not navigate away).
            event.stopPropagation();
            if (!(event.target instanceof HTMLInputElement)) onToggle(row.keyId);
          }}
        >
          <input
            type="checkbox"
            class="audit-grid__check"
            tabIndex={-1}
            checked={isSelected}
            aria-label={t('auditSelectKey', name)}
            onChange={() => onToggle(row.keyId)}
          />
        </div>
        <div {...cellProps(index, 1, ' audit-grid__cell--name')} title={name}>
          <span class="audit-grid__name">{name}</span>
          <span class="audit-grid__sub">{t('auditKeyNumber', String(row.keyId))}</span>
        </div>
        <div {...cellProps(index, 2)} title={messages}>
          {row.findings.length === 0 ? (
            <span class="audit-grid__muted">{t('auditNoFindings')}</span>
          ) : (
            <span class="audit-chips">
              {row.findings.map((f) => (
                <span class={`audit-chip audit-chip--${f.severity}`} key={f.code}>
                  <span class="audit-sr">{t(SEVERITY_LABEL[f.severity])}: </span>
                  {f.code}
                </span>
              ))}
            </span>
          )}
        </div>
        <div {...cellProps(index, 3)} title={userLabel(row)}>
          <span class="audit-grid__name">{userLabel(row)}</span>
          {row.userId !== null && <span class="audit-grid__sub">{t('auditUserNumber', String(row.userId))}</span>}
        </div>
        <div {...cellProps(index, 4)}>
          <span class={`audit-status audit-status--${row.userStatus}`}>{userStatusLabel(row.userStatus)}</span>
        </div>
        <div {...cellProps(index, 5)}>{displayDate(row.validFrom)}</div>
        <div {...cellProps(index, 6)}>
          <span class="audit-grid__name">{displayDate(row.until)}</span>
          {row.daysLeft !== null && <span class={`audit-grid__sub${row.daysLeft < 0 ? ' audit-grid__sub--bad' : ''}`}>{daysLeftLabel(row.daysLeft)}</span>}
        </div>
        <div {...cellProps(index, 7)} title={row.permittedIps ?? ''}>
          <span class="audit-grid__name">{row.ipSummary}</span>
        </div>
      </div>
    );
  };

  const visible: JSX.Element[] = [];
  for (let i = first; i < last; i++) {
    const row = rows[i];
    if (row) visible.push(renderRow(row, i));
  }

  return (
    <div
      role="grid"
      class="audit-grid"
      aria-labelledby={labelledBy}
      aria-rowcount={count + 1}
      aria-colcount={COLUMNS.length}
      aria-multiselectable="true"
      data-testid="audit-grid"
      data-row-count={count}
    >
      <div
        ref={scrollerRef}
        class="audit-grid__scroller"
        style={{ height: `${viewportHeight}px` }}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      >
        <div role="rowgroup" class="audit-grid__head" style={{ width: `${TOTAL_WIDTH}px` }}>
          <div role="row" aria-rowindex={1} class="audit-grid__row audit-grid__row--head" style={{ gridTemplateColumns: TEMPLATE, width: `${TOTAL_WIDTH}px` }}>
            {COLUMNS.map(headerCell)}
          </div>
        </div>
        <div
          role="rowgroup"
          class="audit-grid__body"
          style={{ height: `${count * AUDIT_ROW_HEIGHT}px`, width: `${TOTAL_WIDTH}px` }}
          onKeyDown={onBodyKeyDown}
          onFocusIn={onBodyFocusIn}
        >
          {visible}
        </div>
      </div>
    </div>
  );
}

const SEVERITY_LABEL: Record<'error' | 'warning' | 'info', MessageKey> = {
  error: 'auditSeverityError',
  warning: 'auditSeverityWarning',
  info: 'auditSeverityInfo',
};
