// Loopback-only test endpoints under /__sim/ (the server checks the peer before calling these).
import { json, type ApiResponse, type SimContext } from './context';
import type { FaultEngine } from './faults';
import type { GroundTruth, RecordedRequest, RecordKind } from './types';
import type { SimEndpoints } from './server';

export interface SimEndpointDeps {
  ctx: () => SimContext;
  requests: RecordedRequest[];
  faults: FaultEngine;
  groundTruth: () => GroundTruth;
  modifyRecord: (kind: RecordKind, id: number, changes: Record<string, unknown>) => void;
  expireSessions: () => void;
  reset: () => void;
}

function parseJsonObject(body: Buffer): Record<string, unknown> {
  const parsed: unknown = JSON.parse(body.toString('utf8') || '{}');
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SyntaxError('expected a JSON object');
  return parsed as Record<string, unknown>;
}

/** A JSON dump of the database. Secrets ARE included: this endpoint exists for tests only. */
function dumpState(ctx: SimContext): Record<string, unknown> {
  const { state } = ctx;
  return {
    success: true,
    schema: ctx.schema.name,
    seed: state.seed,
    seedToday: state.seedToday,
    users: [...state.users.values()].map(({ password: _password, ...rest }) => rest),
    apiKeys: [...state.apiKeys.values()],
    people: [...state.people.values()],
    organisations: [...state.organisations.values()],
    tasks: [...state.tasks.values()],
    sessions: [...state.sessions.values()].map((s) => ({ userId: s.userId, keyId: s.keyId, expired: s.expired, createdAt: s.createdAt })),
  };
}

export function createSimEndpoints(deps: SimEndpointDeps): SimEndpoints {
  return {
    async handle(method: string, path: string, _query: URLSearchParams, body: Buffer): Promise<ApiResponse | null> {
      const route = `${method} ${path}`;
      switch (route) {
        case 'GET /__sim/requests': return json(200, deps.requests);
        case 'DELETE /__sim/requests': deps.requests.length = 0; return json(200, { success: true });
        case 'GET /__sim/state': return json(200, dumpState(deps.ctx()));
        case 'GET /__sim/ground-truth': return json(200, deps.groundTruth());
        case 'GET /__sim/faults': return json(200, deps.faults.describe());
        case 'POST /__sim/faults': {
          const text = body.toString('utf8').trim();
          const spec = text.startsWith('{') ? parseJsonObject(body)['spec'] : text;
          if (typeof spec !== 'string') return json(406, { success: false, errors: ['Send {"spec": "..."} or the spec as text'] });
          deps.faults.set(spec);
          return json(200, { success: true, ...deps.faults.describe() });
        }
        case 'POST /__sim/modify': {
          const request = parseJsonObject(body);
          const kind = request['kind'];
          const id = request['id'];
          const changes = request['changes'];
          if ((kind !== 'apiKey' && kind !== 'user') || typeof id !== 'number' || typeof changes !== 'object' || changes === null) {
            return json(406, { success: false, errors: ['Send {"kind": "apiKey"|"user", "id": N, "changes": {role: value}}'] });
          }
          deps.modifyRecord(kind, id, changes as Record<string, unknown>);
          return json(200, { success: true });
        }
        case 'POST /__sim/expire-sessions': deps.expireSessions(); return json(200, { success: true });
        case 'POST /__sim/reset': deps.reset(); return json(200, { success: true });
        default: return null;
      }
    },
  };
}
