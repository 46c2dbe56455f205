/** The live connection state (host, database, user, mode, canWrite, problem) as a hook: re-renders on every change. */
import { useEffect, useState } from 'preact/hooks';
import type { AssistantServices, ConnectionState } from '../../content/services';

export function useConnection(services: AssistantServices): ConnectionState {
  const [state, setState] = useState<ConnectionState>(() => services.connection());
  useEffect(() => {
    setState(services.connection()); // it may have changed between the first render and subscribing
    return services.subscribe((next) => setState(next));
  }, [services]);
  return state;
}
