/**
 * The benchmark's members, derived from their number alone: the seeder writes them, the load
 * workers sign in as them, and neither has to pass a million identities to the other.
 */
import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { cosePublicKey, SoftAuthenticator } from '../../test/support/soft-authenticator.js';

export const ORG_SLUG = 'bench';
export const PASSWORD = 'correct horse battery staple';
/** A small pool of key pairs shared round-robin: generating a million P-256 keys would dominate seeding. */
export const KEY_POOL_SIZE = 16;

export const username = (k: number) => `member${String(k).padStart(7, '0')}`;

/** 16 bytes: a fixed tag and the member number, so credential ids differ across members. */
export function credentialId(k: number): string {
  const bytes = Buffer.alloc(16);
  bytes.write('lk-bench', 0, 'latin1');
  bytes.writeBigUInt64BE(BigInt(k), 8);
  return isoBase64URL.fromBuffer(new Uint8Array(bytes));
}

/** The WebAuthn user handle: 32 bytes, as Latchkey makes them, but reproducible. */
export const userHandle = (k: number) =>
  isoBase64URL.fromBuffer(new Uint8Array(createHash('sha256').update(`latchkey-bench-user:${k}`).digest()));

export interface KeyPool {
  /** PKCS#8 DER, base64: what the coordinator hands to the load workers. */
  privateKeys: string[];
  /** COSE, base64url: what the passkeys table stores. */
  publicKeys: string[];
}

export function generateKeyPool(): KeyPool {
  const pool: KeyPool = { privateKeys: [], publicKeys: [] };
  for (let i = 0; i < KEY_POOL_SIZE; i++) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    pool.privateKeys.push(privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
    pool.publicKeys.push(isoBase64URL.fromBuffer(cosePublicKey(publicKey)));
  }
  return pool;
}

export const importPrivateKeys = (pool: KeyPool): KeyObject[] =>
  pool.privateKeys.map((der) => createPrivateKey({ key: Buffer.from(der, 'base64'), format: 'der', type: 'pkcs8' }));

/** A member's device: the shared software authenticator holding just this member's passkey. */
export function memberAuthenticator(origin: string, rpId: string, k: number, keys: KeyObject[]): SoftAuthenticator {
  const authenticator = new SoftAuthenticator({ origin, synced: true });
  authenticator.credentials.push({
    id: credentialId(k),
    rpId,
    userHandle: userHandle(k),
    privateKey: keys[k % keys.length]!,
    counter: 0, // each assertion names its counter (see counters in scenarios.ts)
  });
  return authenticator;
}
