import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** A random secret for cookies and links: 32 bytes (256 bits), base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function newId(): string {
  return randomUUID();
}

/** Secrets at rest are stored as SHA-256: a leaked table yields no usable token. */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** The one constant-time comparison; every comparison of secrets goes through it. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(sha256(a), 'hex');
  const right = Buffer.from(sha256(b), 'hex');
  return timingSafeEqual(left, right);
}
