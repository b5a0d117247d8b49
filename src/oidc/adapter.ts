import type { Expression } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { sha256 } from '../shared/crypto.js';
import type { Deps } from '../shared/deps.js';
import { clientMetadata } from './clients.js';
import { loadOidcProvider } from './load.js';

// Models whose validity follows their grant: a grant made under a revoked Latchkey session, or for a
// member who is disabled or gone, makes them unusable at once, on every instance.
const GRANT_BOUND = new Set(['AccessToken', 'RefreshToken', 'AuthorizationCode', 'Grant']);

/**
 * Models whose id is the credential an app presents (oidc-provider's opaque tokens are their id): kept only as its
 * SHA-256, and without the `jti` the payload repeats it, so a copy of the database holds no usable token or code.
 * The provider always hands the adapter the token itself, which is hashed to find the row (migration 0015 hashed
 * those kept before).
 */
const HASHED = new Set(['AccessToken', 'RefreshToken', 'AuthorizationCode']);

/**
 * oidc-provider's adapter interface over Latchkey's database: one row per model instance in
 * `oidc_models`, scoped to one organisation; clients come from `oidc_clients`.
 */
export function oidcAdapter(deps: Deps, { orgId }: { orgId: string }) {
  return (model: string): Adapter => new DatabaseAdapter(deps, orgId, model);
}

class DatabaseAdapter implements Adapter {
  constructor(
    private deps: Deps,
    private orgId: string,
    private model: string,
  ) {}

  private rows() {
    return this.deps.db.selectFrom('oidc_models').where('model', '=', this.model).where('org_id', '=', this.orgId);
  }

  /** The row's key for the id the provider gave. */
  private key(id: string): string {
    return HASHED.has(this.model) ? sha256(id) : id;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    // Once per sign-in request, expired codes, tokens and interactions of this organisation go.
    if (this.model === 'Interaction') {
      await this.deps.db
        .deleteFrom('oidc_models')
        .where('org_id', '=', this.orgId)
        .where('expires_at', '<=', this.deps.clock())
        .execute();
    }
    const { jti: _token, ...withoutToken } = payload;
    const row = {
      payload: JSON.stringify(HASHED.has(this.model) ? withoutToken : payload),
      // A sign-in page (an Interaction) names the grant it began with, but nothing was issued under it: it stays when
      // that grant ends (another member signing in over this browser's session ends theirs), and makes its own.
      grant_id: GRANT_BOUND.has(this.model) ? (payload.grantId ?? null) : null,
      uid: payload.uid ?? null,
      user_code: payload.userCode ?? null,
      account_id: payload.accountId ?? null,
      client_id: payload.clientId ?? null,
      expires_at: expiresIn ? this.deps.clock() + expiresIn * 1000 : null,
    };
    // session_id is Latchkey's own: set once when the grant is made, never overwritten by the provider.
    await this.deps.db
      .insertInto('oidc_models')
      .values({ model: this.model, id: this.key(id), org_id: this.orgId, session_id: null, consumed_at: null, ...row })
      .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
      .execute();
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.model === 'Client') return clientMetadata(this.deps, { orgId: this.orgId, clientId: id });
    if (!HASHED.has(this.model)) return this.findStored(id);
    const payload = (await this.findStored(sha256(id))) ?? (await this.adoptKeptAsIs(id));
    return payload && { ...payload, jti: id };
  }

  /**
   * A token kept as it is: written by an instance of the previous release during a rolling upgrade, after
   * migration 0015 hashed the others. Found, it is kept hashed from then on (the provider finds a token before
   * it consumes or destroys it, which then find it by its hash).
   */
  private async adoptKeptAsIs(id: string): Promise<AdapterPayload | undefined> {
    const row = await this.rows().where('id', '=', id).select('payload').executeTakeFirst();
    if (!row) return undefined;
    const { jti: _token, ...payload } = JSON.parse(row.payload) as AdapterPayload;
    await this.deps.db
      .updateTable('oidc_models')
      .set({ id: sha256(id), payload: JSON.stringify(payload) })
      .where('model', '=', this.model)
      .where('id', '=', id)
      .where('org_id', '=', this.orgId)
      .execute();
    return this.findStored(sha256(id));
  }

  /** The payload kept under this row key, while it lasts (and, for a token, while its grant does). */
  private async findStored(key: string): Promise<AdapterPayload | undefined> {
    const now = this.deps.clock();
    let query = this.rows()
      .where('oidc_models.id', '=', key)
      .where((eb) => eb.or([eb('oidc_models.expires_at', 'is', null), eb('oidc_models.expires_at', '>', now)]))
      .select(['oidc_models.payload', 'oidc_models.consumed_at']);
    if (GRANT_BOUND.has(this.model))
      query = query.where((eb) =>
        eb.exists(
          liveGrant(this.deps, this.model === 'Grant' ? eb.ref('oidc_models.id') : eb.ref('oidc_models.grant_id')),
        ),
      );
    const row = await query.executeTakeFirst();
    if (!row) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    return row.consumed_at ? { ...payload, consumed: Math.floor(row.consumed_at / 1000) } : payload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const row = await this.rows().where('uid', '=', uid).select('id').executeTakeFirst();
    return row ? this.findStored(row.id) : undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const row = await this.rows().where('user_code', '=', userCode).select('id').executeTakeFirst();
    return row ? this.findStored(row.id) : undefined;
  }

  /**
   * Once only, atomically: two requests racing with one code or refresh token cannot both pass the
   * provider's "already consumed" check. The loser is a replay: its grant ends, as the provider does.
   */
  async consume(id: string): Promise<void> {
    const { numUpdatedRows } = await this.deps.db
      .updateTable('oidc_models')
      .set({ consumed_at: this.deps.clock() })
      .where('model', '=', this.model)
      .where('id', '=', this.key(id))
      .where('org_id', '=', this.orgId)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    if (Number(numUpdatedRows) > 0) return;
    const row = await this.rows().where('id', '=', this.key(id)).select('grant_id').executeTakeFirst();
    if (row?.grant_id) {
      await this.deps.db
        .deleteFrom('oidc_models')
        .where('org_id', '=', this.orgId)
        .where((eb) =>
          eb.or([eb('grant_id', '=', row.grant_id), eb.and([eb('model', '=', 'Grant'), eb('id', '=', row.grant_id)])]),
        )
        .execute();
    }
    // Already loaded: only a provider calls its adapter.
    const { errors } = await loadOidcProvider();
    throw new errors.InvalidGrant(
      `${this.model === 'RefreshToken' ? 'refresh token' : 'authorization code'} already used`,
    );
  }

  async destroy(id: string): Promise<void> {
    await this.deps.db
      .deleteFrom('oidc_models')
      .where('model', '=', this.model)
      .where('id', '=', this.key(id))
      .where('org_id', '=', this.orgId)
      .execute();
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.deps.db
      .deleteFrom('oidc_models')
      .where('org_id', '=', this.orgId)
      .where('grant_id', '=', grantId)
      .execute();
  }
}

/**
 * The grant exists, its Latchkey session was not revoked and has not reached its maximum age (SESSION_MAX_DAYS:
 * an app's refreshed tokens do not outlast the sign-in they came from), and its member is still active. An idle
 * browser session does not end them: the member is using the app.
 */
function liveGrant(deps: Deps, grantId: Expression<string | null>) {
  return deps.db
    .selectFrom('oidc_models as grant')
    .innerJoin('sessions', 'sessions.id', 'grant.session_id')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select('grant.id')
    .where('grant.model', '=', 'Grant')
    .where('grant.id', '=', grantId)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', deps.clock())
    .where('users.status', '=', 'active');
}
