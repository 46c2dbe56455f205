/** A labelled control with its live problem underneath (linked by aria-describedby), for the bulk-edit forms. */
import type { ComponentChildren } from 'preact';

export interface FieldProps {
  label: string;
  /** The problem with the current value, shown and announced politely; null when none. */
  problem: string | null;
  /** Id of the problem line: the control points at it with aria-describedby. */
  problemId: string;
  children: ComponentChildren;
}

export function Field({ label, problem, problemId, children }: FieldProps) {
  return (
    <div class="bulk-field">
      <label class="bulk-field__control">
        <span class="bulk-field__label">{label}</span>
        {children}
      </label>
      <p class="bulk-problem" id={problemId} aria-live="polite" hidden={problem === null}>
        {problem ?? ''}
      </p>
    </div>
  );
}
