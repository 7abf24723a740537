import type { DeployEnvironment } from '../domain/approval';
import type { Role } from '../domain/roles';
import { TokenRegistry, TokenTable } from '../platform/auth/token-registry';
import type { ApiToken, ServingToken } from '../platform/config';

/** API roles that may call models, for debugging a deployment; every other caller needs a serving token. */
const INFERENCE_ROLES: readonly Role[] = ['ops', 'admin'];

export type AccessDecision = { allowed: true } | { allowed: false; status: 401 | 403; message: string };

/**
 * Decides who may call which model in this process's environment. A serving token is a
 * principal of its own kind, a client of named models and environments; an API token
 * calls models only when its role is one of INFERENCE_ROLES.
 */
export class ServingAccess {
  private readonly apiUsers: TokenRegistry;
  private readonly clients: TokenTable<ServingToken>;

  constructor(
    apiTokens: ApiToken[],
    servingTokens: ServingToken[],
    private readonly environment: DeployEnvironment,
  ) {
    this.apiUsers = new TokenRegistry(apiTokens);
    this.clients = new TokenTable(servingTokens.map((token) => ({ token: token.token, value: token })));
  }

  /**
   * Whether `bearer` may call `modelName`; without a model, whether it may call any model
   * here at all (server metadata, the repository index, statistics of every model).
   */
  decide(bearer: string | null, modelName?: string): AccessDecision {
    if (bearer === null) return unauthenticated();
    const client = this.clients.find(bearer);
    if (client) {
      if (!client.environments.includes(this.environment)) {
        return forbidden(`serving client ${client.name} may not call models in ${this.environment} (only ${client.environments.join(', ')})`);
      }
      if (modelName !== undefined && client.models !== '*' && !client.models.includes(modelName)) {
        return forbidden(`serving client ${client.name} may not call model "${modelName}" (only ${client.models.map((model) => `"${model}"`).join(', ')})`);
      }
      return { allowed: true };
    }
    const user = this.apiUsers.find(bearer);
    if (!user) return unauthenticated();
    if (!INFERENCE_ROLES.includes(user.role)) {
      return forbidden(`role ${user.role} may not call models; use a serving token (PROVENANT_SERVING_TOKENS), or an ${INFERENCE_ROLES.join(' or ')} token to debug`);
    }
    return { allowed: true };
  }
}

function unauthenticated(): AccessDecision {
  return { allowed: false, status: 401, message: 'missing or unknown token: send Authorization: Bearer <serving token>' };
}

function forbidden(message: string): AccessDecision {
  return { allowed: false, status: 403, message };
}
