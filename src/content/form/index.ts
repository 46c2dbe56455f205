/** Placeholder until native-form assistance lands (owned by its author). */
import type { AssistantServices } from '../services';

export interface FormAssistantOptions {
  document: Document;
  services: AssistantServices;
  signal: AbortSignal;
}

export function startFormAssistant(_options: FormAssistantOptions): void {}
