/** What every panel tab receives. Tabs get services and navigation; they never fetch or store directly. */
import type { AssistantServices } from '../content/services';
import type { AuditFilter } from '../core/keys/audit-table';

export interface PanelNavigation {
  /** Opens a key (or a new one) in the key editor on the Assistant tab. */
  openKey(keyId: number | 'new'): void;
  /** Opens the bulk editor with these keys selected. */
  openBulkEdit(keyIds: number[]): void;
  /** Opens the audit, optionally filtered (e.g. from an expiry reminder). */
  openAudit(filter?: AuditFilter): void;
}

/** A request from another tab; `nonce` changes each time so repeating the same request is seen. */
export interface TabRequest<T> {
  value: T;
  nonce: number;
}

export interface TabProps {
  services: AssistantServices;
  navigate: PanelNavigation;
  /** Whether this tab is the visible one (tabs stay mounted to keep their state). */
  active: boolean;
}

export interface AssistantTabProps extends TabProps {
  request: TabRequest<number | 'new'> | null;
  /** Whether the page showed the API Keys view when the panel opened. */
  detected: boolean;
}

export interface AuditTabProps extends TabProps {
  request: TabRequest<AuditFilter | undefined> | null;
}

export interface BulkTabProps extends TabProps {
  request: TabRequest<number[]> | null;
}
