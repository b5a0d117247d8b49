import { actedBy, recordAudit } from '../audit/record-audit.js';
import type { Deps } from '../shared/deps.js';
import { inTransaction } from '../shared/transaction.js';
import { lockedApp, type AppChangeInput, type OidcClient } from './clients.js';
import { removeIssuedToApp } from './remove-grants.js';

/**
 * Disables or enables an app, under the row's lock so two admins cannot both record it. The same state again
 * changes nothing and records nothing.
 */
async function setDisabled(deps: Deps, input: AppChangeInput, disable: boolean): Promise<OidcClient> {
  return inTransaction(deps, async (tx) => {
    const app = await lockedApp(tx, input);
    if ((app.disabled_at !== null) === disable) return app;
    const now = deps.clock();
    const changed = { ...app, disabled_at: disable ? now : null, updated_at: now };
    // Nothing issued before survives, on enabling too: a token the provider was issuing while the app was being
    // disabled (it had read the app just before) would otherwise come back to life.
    const endedGrants = await removeIssuedToApp(tx.db, input);
    await tx.db
      .updateTable('oidc_clients')
      .set({ disabled_at: changed.disabled_at, updated_at: now })
      .where('id', '=', app.id)
      .execute();
    await recordAudit(tx, {
      orgId: input.orgId,
      type: disable ? 'app.disabled' : 'app.enabled',
      ...actedBy(input.actor),
      details: { clientId: app.id, name: app.name, ...(disable ? { endedGrants } : {}) },
    });
    return changed;
  });
}

/**
 * "Disable app": it keeps its settings and client id, and signs no one in. Its sign-in requests, codes and tokens
 * are refused at once (the provider no longer finds it), and every grant and token it was issued is removed. It is
 * not sent back-channel logouts (to the provider it no longer exists, as after a delete). Members' consents stay:
 * enabled again, it is not asked for anew.
 */
export const disableApp = (deps: Deps, input: AppChangeInput) => setDisabled(deps, input, true);

/** "Enable app": it signs members in again; they sign in to it afresh. */
export const enableApp = (deps: Deps, input: AppChangeInput) => setDisabled(deps, input, false);
