/**
 * This machine's raw ES256 verification rate (node:crypto, a cached KeyObject, one thread): what a
 * passkey sign-in cannot beat, measured in the same run so that the ratio survives a noisy machine.
 */
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';

export function es256VerifiesPerSecond(seconds = 1): number {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // What a passkey signs: authenticator data (37 bytes) and the hash of the client data.
  const message = Buffer.concat([Buffer.alloc(37, 1), createHash('sha256').update('client data').digest()]);
  const signature = sign('sha256', message, privateKey);
  for (let i = 0; i < 200; i++) verify('sha256', message, publicKey, signature);
  let count = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) if (!verify('sha256', message, publicKey, signature)) throw new Error('verify failed');
    count += 50;
  }
  return count / ((performance.now() - start) / 1000);
}
