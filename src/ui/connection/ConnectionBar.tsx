/** Placeholder until the connection bar lands. */
import type { AssistantServices } from '../../content/services';

export function ConnectionBar(_props: { services: AssistantServices }) {
  return null;
}
