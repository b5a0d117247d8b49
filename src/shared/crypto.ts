import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hash,
  hkdfSync,
  randomFillSync,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';

// Random bytes are drawn from the system 4 KiB at a time and each byte handed out once (as
// randomUUID does): a sign-in needs five small draws, each a call into OpenSSL on its own.
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let poolUsed = POOL_BYTES;

/** `bytes` fresh random bytes (a copy: nothing else ever sees them). */
export function randomBytes(bytes: number): Buffer {
  if (bytes > POOL_BYTES) return randomFillSync(Buffer.alloc(bytes));
  if (poolUsed + bytes > POOL_BYTES) {
    randomFillSync(pool);
    poolUsed = 0;
  }
  const drawn = Buffer.from(pool.subarray(poolUsed, poolUsed + bytes));
  poolUsed += bytes;
  return drawn;
}

/** A random secret for cookies and links: 32 bytes (256 bits), base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * A member's id: random (UUID version 4). Apps see it as their `sub`, so it must not tell when the account was made.
 */
export function newUserId(): string {
  return randomUUID();
}

/**
 * A new row id: a UUID version 7 (RFC 9562), its first 48 bits the time in milliseconds and 74 random. Rows
 * written at about the same time sit side by side in every primary-key index, so a sign-in's inserts touch the
 * same last pages instead of a random page of each index (fewer pages written per commit). Ids are not secrets.
 */
export function newId(): string {
  const id = Buffer.allocUnsafe(16);
  id.writeUIntBE(Date.now(), 0, 6);
  randomBytes(10).copy(id, 6);
  id[6] = 0x70 | (id[6]! & 0x0f);
  id[8] = 0x80 | (id[8]! & 0x3f);
  const hex = id.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The smallest id newId makes at `ms` or later: ids below it were made before (ids compare as text). */
export function idFloorAt(ms: number): string {
  const hex = Buffer.alloc(6);
  hex.writeUIntBE(ms, 0, 6);
  const time = hex.toString('hex');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-0000-0000-000000000000`;
}

/** Secrets at rest are stored as SHA-256: a leaked table yields no usable token (one-shot: each request hashes). */
export function sha256(value: string): string {
  return hash('sha256', value, 'hex');
}

/** The one constant-time comparison; every comparison of secrets goes through it. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(sha256(a), 'hex');
  const right = Buffer.from(sha256(b), 'hex');
  return timingSafeEqual(left, right);
}

/** A key for one purpose, derived from the server secret, so no two uses share a key. */
export function deriveKey(secret: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'latchkey', purpose, 32));
}

/** Short codes at rest: an HMAC under the server secret, so a stolen database alone cannot brute-force them. */
export function hmacHex(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

/** AES-256-GCM; the result is iv.ciphertext.tag in base64url. */
export function seal(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((part) => part.toString('base64url')).join('.');
}

export function unseal(key: Buffer, sealed: string): string {
  const [iv, body, tag] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', key, iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
}
