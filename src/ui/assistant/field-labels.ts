/** The editor's field labels (the Workbooks form's own wording), shared by the editor, conflict view and activity. */
import { t, type MessageKey } from '../../platform/i18n';
import { EDITOR_FIELDS, type EditorField, type EditorValues } from './editor-model';

const LABELS: Readonly<Record<EditorField, MessageKey>> = {
  name: 'editorFieldName',
  description: 'editorFieldDescription',
  accessAsUserId: 'editorFieldUser',
  validFrom: 'editorFieldValidFrom',
  until: 'editorFieldUntil',
  permittedIps: 'editorFieldIps',
  capabilities: 'editorFieldCapabilities',
};

export function fieldLabel(field: EditorField): string {
  return t(LABELS[field]);
}

export function isEditorField(name: string): name is EditorField {
  return (EDITOR_FIELDS as readonly string[]).includes(name);
}

/** A field's value as text for side-by-side views; blank shows as "(blank)". */
export function displayValue(values: EditorValues, field: EditorField): string {
  if (field === 'accessAsUserId') {
    if (values.accessAsUserId === null) return t('editorBlank');
    return values.accessAsUserName ? `${values.accessAsUserName} (#${values.accessAsUserId})` : `#${values.accessAsUserId}`;
  }
  const text = values[field];
  return text.trim() === '' ? t('editorBlank') : text;
}
