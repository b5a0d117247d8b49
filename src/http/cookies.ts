import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatDeviceTokens, parseDeviceTokens, TRUSTED_DEVICE_DAYS } from '../passwords/trusted-devices.js';
import { randomToken, sha256 } from '../shared/crypto.js';
import type { Deps } from '../shared/deps.js';
import { sessionCookieName } from '../sessions/sessions.js';

export { sessionCookieName };

// Over https the __Host- prefix pins a cookie to this exact host and path "/".
const name = (deps: Deps, base: string) => (deps.config.secureCookies ? `__Host-${base}` : base);

const baseOptions = (deps: Deps) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: deps.config.secureCookies,
});

export function readSessionToken(deps: Deps, request: FastifyRequest, orgSlug: string): string | undefined {
  return request.cookies[sessionCookieName(deps, { orgSlug })];
}

export function setSessionCookie(deps: Deps, reply: FastifyReply, orgSlug: string, token: string): void {
  reply.setCookie(sessionCookieName(deps, { orgSlug }), token, {
    ...baseOptions(deps),
    maxAge: deps.config.sessionMaxDays * 24 * 60 * 60,
  });
}

export function clearSessionCookie(deps: Deps, reply: FastifyReply, orgSlug: string): void {
  reply.clearCookie(sessionCookieName(deps, { orgSlug }), baseOptions(deps));
}

/**
 * The hash of this browser's ceremony cookie, creating the cookie when asked to. Challenges are stored
 * under it, so a challenge issued to one browser cannot be answered from another.
 */
export function ceremonyBinding(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  create: boolean,
): string | undefined {
  const cookie = name(deps, 'lk_ceremony');
  let value = request.cookies[cookie];
  if (!value || value.length > 100) {
    if (!create) return undefined;
    value = randomToken();
    reply.setCookie(cookie, value, baseOptions(deps));
  }
  return sha256(value);
}

/** The device cookie: random tokens (one per user this browser signed in as), stored server-side only as hashes. */
const deviceCookieName = (deps: Deps, orgSlug: string) => name(deps, `lk_device_${orgSlug}`);

export function readDeviceTokens(deps: Deps, request: FastifyRequest, orgSlug: string): string[] {
  return parseDeviceTokens(request.cookies[deviceCookieName(deps, orgSlug)]);
}

export function setDeviceCookie(deps: Deps, reply: FastifyReply, orgSlug: string, tokens: string[]): void {
  reply.setCookie(deviceCookieName(deps, orgSlug), formatDeviceTokens(tokens), {
    ...baseOptions(deps),
    maxAge: TRUSTED_DEVICE_DAYS * 24 * 60 * 60,
  });
}
