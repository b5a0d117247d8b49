/**
 * The web's requests are typed by the server's route map (src/http/contract.ts): the path picks the
 * body, parameters, query and reply. Checked by `tsc -p web/tsconfig.json` (npm run build); each
 * `@ts-expect-error` fails the check if the line under it compiles.
 */
import { isRouteError, orgApi, platformApi, type Reply } from '../src/shared/api';

const api = orgApi('acme');

export async function typedByTheRoute(err: unknown) {
  const found = await api.post('/sign-in/identify', { identifier: 'ada' });
  const reply: Reply<'POST /api/o/:org/sign-in/identify'> = found;
  await api.del('/me/passkeys/:id', { params: { id: 'p1' } });
  await api.get('/admin/users', { query: { q: 'ad', status: 'enrolled' } });
  await api.get('/admin/users');
  await api.post('/admin/users/:id/disable', { params: { id: 'u1' } });
  await api.post('/admin/users/:id/delete', { confirmUsername: 'ada' }, { params: { id: 'u1' } });
  await platformApi.patch('/orgs/:slug', { passkeysAvailable: true }, { params: { slug: 'acme' } });
  if (isRouteError(err, 'POST /api/o/:org/sign-in/passkey/verify', 'PASSKEY_UNKNOWN')) return reply;

  // @ts-expect-error a body the route does not take
  await api.post('/sign-in/identify', { username: 'ada' });
  // @ts-expect-error a body missing
  await api.post('/sign-in/identify');
  // @ts-expect-error a path no route has
  await api.get('/me/passkey');
  // @ts-expect-error a route of another method
  await api.get('/sign-in/identify');
  // @ts-expect-error a path parameter missing
  await api.del('/me/passkeys/:id');
  // @ts-expect-error a path parameter misnamed
  await api.del('/me/passkeys/:id', { params: { passkeyId: 'p1' } });
  // @ts-expect-error a query the route does not take
  await api.get('/admin/users', { query: { status: 'asleep' } });
  // @ts-expect-error options to a route with neither parameters nor a query
  await api.get('/me', { query: {} });
  // @ts-expect-error a field the reply does not have
  found.username.toUpperCase();
  // @ts-expect-error a reply taken for another route's
  const wrong: Reply<'GET /api/o/:org/me'> = found;
  // @ts-expect-error a code the route never answers
  if (isRouteError(err, 'POST /api/o/:org/sign-in/passkey/verify', 'LAST_ADMIN')) return wrong;
  return null;
}
