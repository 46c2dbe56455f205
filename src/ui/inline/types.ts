/** View models of the inline form assistance (what the content script computes, what the components show). */
export type InlineSeverity = 'error' | 'warning' | 'info';

export interface InlineFindingView {
  /** Stable within one analysis: identifies the finding when its Fix button is pressed. */
  key: string;
  code: string;
  severity: InlineSeverity;
  /** Already en-GB text from the validation engines. */
  message: string;
  /** The offending text, as written (IP findings). */
  quote: string | null;
  start: number | null;
  end: number | null;
  fixes: Array<{ label: string }>;
}

export type UserCheckView =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'ok'; message: string }
  | { state: 'problem'; code: string; severity: InlineSeverity; message: string; advice: string };

export interface SummaryCounts {
  errors: number;
  warnings: number;
  /** A check still running (the user check): the counts may grow. */
  checking: boolean;
}

export interface DraftOfferView {
  /** When the draft was saved, ready to show. */
  time: string;
}
