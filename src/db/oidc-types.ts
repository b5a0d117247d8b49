// The OpenID Connect tables: apps (clients), the provider's models, signing keys, consents.
import type { Flag } from './flag.js';

/** An app that signs its users in through Latchkey (an OpenID Connect client). */
export interface OidcClientsTable {
  id: string;
  org_id: string;
  name: string;
  /** A browser or native app that cannot keep a secret: PKCE, no client secret. */
  public: Flag;
  /** SHA-256 of the client secret (confidential clients only); the secret is shown once. */
  secret_hash: string | null;
  /** JSON arrays of URIs. */
  redirect_uris: string;
  post_logout_redirect_uris: string;
  backchannel_logout_uri: string | null;
  /** The organisation's own app: no consent screen. */
  first_party: Flag;
  /** When an admin disabled it: it signs no one in, and what it was issued is gone. Null while enabled. */
  disabled_at: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** What oidc-provider persists (codes, tokens, grants, interactions, sessions), one row per model instance. */
export interface OidcModelsTable {
  model: string;
  id: string;
  org_id: string;
  payload: string;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  account_id: string | null;
  client_id: string | null;
  session_id: string | null;
  expires_at: number | null;
  consumed_at: number | null;
}

export interface OidcKeysTable {
  id: string;
  org_id: string;
  alg: string;
  public_jwk: string;
  private_jwk_sealed: string;
  created_at: number;
  retired_at: number | null;
}

export interface OidcConsentsTable {
  user_id: string;
  client_id: string;
  org_id: string;
  /** Space-separated scopes the member allowed. */
  scopes: string;
  created_at: number;
}
