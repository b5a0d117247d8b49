/**
 * The ES256 fast path (src/passkeys/verify-es256.ts) against @simplewebauthn/server's verifyAuthenticationResponse:
 * thousands of random assertions, valid and tampered in every part (client data, authenticator data, flags,
 * signature encoding, ids), must get the same answer from both — accepted with the same counter and backup
 * state, or refused.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';
import { describe, expect, it } from 'vitest';
import { es256Key, verifyEs256Assertion } from '../src/passkeys/verify-es256.js';
import { cosePublicKey } from './support/soft-authenticator.js';

const CASES = 3000;

/** A seeded generator, so a failure names a case that can be run again. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

interface Case {
  response: AuthenticationResponseJSON;
  expectedChallenge: string;
  expectedOrigins: string[];
  rpId: string;
  publicKey: Uint8Array<ArrayBuffer>;
  requireUserVerification: boolean;
  tamper: string;
}

const TAMPERS = [
  'none',
  'none',
  'none',
  'authData bit',
  'signature bit',
  'clientData bit',
  'challenge',
  'origin',
  'type',
  'rpId',
  'other key',
  'id != rawId',
  'credential type',
  'userHandle',
  'authData leftover',
  'authData short',
  'extensions',
  'tokenBinding',
  'topOrigin',
  'DER trailing byte',
  'DER long length',
  'DER padded integer',
  'DER extra integer',
  'DER truncated',
  'DER r zero',
  'not base64url',
] as const;

function makeCase(seed: number, keys: KeyObject[][]): Case {
  const rnd = random(seed);
  const [privateKey, publicKey] = rnd.pick(keys);
  const rpId = rnd.pick(['localhost', 'example.com', 'login.example.org']);
  const origin = `https://${rpId}`;
  const challenge = b64u(sha256(`challenge ${seed}`));
  const tamper = rnd.pick(TAMPERS);
  // Flags: UP, UV, BE, BS at random (BS without BE is a malformed response both must refuse).
  let flags = (rnd.chance(0.95) ? 0x01 : 0) | (rnd.chance(0.85) ? 0x04 : 0);
  if (rnd.chance(0.6)) flags |= 0x08;
  if (rnd.chance(0.5)) flags |= 0x10;
  const counter = rnd.chance(0.3) ? 0 : rnd.int(2 ** 31);
  const clientData: Record<string, unknown> = {
    type: tamper === 'type' ? 'webauthn.create' : 'webauthn.get',
    challenge: tamper === 'challenge' ? b64u(sha256('another')) : challenge,
    origin: tamper === 'origin' ? `https://evil.${rpId}` : origin,
    crossOrigin: false,
  };
  if (tamper === 'tokenBinding') clientData.tokenBinding = { status: rnd.pick(['present', 'supported', 'bogus']) };
  if (tamper === 'topOrigin') clientData.topOrigin = 'https://top.example';
  let clientDataBytes: Buffer = Buffer.from(JSON.stringify(clientData));
  if (tamper === 'clientData bit') clientDataBytes = flipBit(clientDataBytes, rnd.int(clientDataBytes.length * 8));

  const counterBytes = Buffer.alloc(4);
  counterBytes.writeUInt32BE(counter);
  let extensions = Buffer.alloc(0);
  if (tamper === 'extensions') {
    flags |= 0x80;
    extensions = Buffer.from(isoCBOR.encode(new Map([['credProtect', 2]])));
  }
  let authData: Buffer = Buffer.concat([
    sha256(tamper === 'rpId' ? 'other.example' : rpId),
    Buffer.from([flags]),
    counterBytes,
    extensions,
  ]);
  const signer = tamper === 'other key' ? rnd.pick(keys.filter((k) => k[0] !== privateKey))[0] : privateKey;
  let signature: Buffer = sign('sha256', Buffer.concat([authData, sha256(clientDataBytes)]), signer);
  if (tamper === 'authData bit') authData = flipBit(authData, rnd.int(authData.length * 8));
  if (tamper === 'authData leftover') authData = Buffer.concat([authData, Buffer.from([0])]);
  if (tamper === 'authData short') authData = authData.subarray(0, rnd.int(37));
  if (tamper === 'signature bit') signature = flipBit(signature, rnd.int(signature.length * 8));
  if (tamper.startsWith('DER')) signature = tamperDer(signature, tamper);

  const id = b64u(sha256(`credential ${seed}`));
  let signatureText = b64u(signature);
  if (tamper === 'not base64url') signatureText = `${signatureText.slice(0, 10)}*${signatureText.slice(11)}`;
  const response = {
    id,
    rawId: tamper === 'id != rawId' ? b64u(sha256('x')) : id,
    type: tamper === 'credential type' ? 'password' : 'public-key',
    response: {
      clientDataJSON: b64u(clientDataBytes),
      authenticatorData: b64u(authData),
      signature: signatureText,
      ...(tamper === 'userHandle' ? { userHandle: 42 } : rnd.chance(0.5) ? { userHandle: b64u(sha256('user')) } : {}),
    },
    clientExtensionResults: {},
  } as unknown as AuthenticationResponseJSON;
  return {
    response,
    expectedChallenge: challenge,
    expectedOrigins: [origin, 'https://other.example'],
    rpId,
    publicKey: cosePublicKey(publicKey),
    requireUserVerification: rnd.chance(0.8),
    tamper,
  };
}

function flipBit(bytes: Buffer, bit: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

/** Re-encodes a DER ECDSA signature in ways a careless or hostile client might. */
function tamperDer(der: Buffer, how: string): Buffer {
  const rLength = der[3]!;
  const r = der.subarray(4, 4 + rLength);
  const s = der.subarray(6 + rLength, 6 + rLength + der[5 + rLength]!);
  const int = (v: Buffer) => Buffer.concat([Buffer.from([0x02, v.length]), v]);
  const seq = (body: Buffer, long = false) =>
    Buffer.concat([Buffer.from(long ? [0x30, 0x81, body.length] : [0x30, body.length]), body]);
  switch (how) {
    case 'DER trailing byte':
      return Buffer.concat([der, Buffer.from([0])]);
    case 'DER long length':
      return seq(Buffer.concat([int(r), int(s)]), true);
    case 'DER padded integer':
      return seq(Buffer.concat([int(Buffer.concat([Buffer.from([0, 0]), r])), int(s)]));
    case 'DER extra integer':
      return seq(Buffer.concat([int(r), int(s), int(Buffer.from([1]))]));
    case 'DER truncated':
      return der.subarray(0, der.length - 3);
    case 'DER r zero':
      return seq(Buffer.concat([int(Buffer.from([0])), int(s)]));
  }
  return der;
}

type Answer = { accepted: true; counter: number; backedUp: boolean } | { accepted: false };

async function library(c: Case): Promise<Answer> {
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response: c.response,
      expectedChallenge: c.expectedChallenge,
      expectedOrigin: c.expectedOrigins,
      expectedRPID: c.rpId,
      requireUserVerification: c.requireUserVerification,
      credential: { id: c.response.id, publicKey: c.publicKey, counter: 0 },
    });
    return verified
      ? { accepted: true, counter: authenticationInfo.newCounter, backedUp: authenticationInfo.credentialBackedUp }
      : { accepted: false };
  } catch {
    return { accepted: false };
  }
}

function fastPath(c: Case): Answer {
  try {
    const key = es256Key(c.publicKey);
    if (!key) throw new Error('not an ES256 key');
    const result = verifyEs256Assertion({ ...c, key });
    return result.verified
      ? { accepted: true, counter: result.newCounter, backedUp: result.backedUp }
      : { accepted: false };
  } catch {
    return { accepted: false };
  }
}

describe('the ES256 fast path agrees with @simplewebauthn/server', () => {
  const keys = Array.from({ length: 6 }, () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return [privateKey, publicKey];
  });

  it(`on ${CASES} random valid and tampered assertions`, async () => {
    const byTamper = new Map<string, { accepted: number; refused: number }>();
    const disagreements: string[] = [];
    for (let seed = 1; seed <= CASES; seed++) {
      const c = makeCase(seed, keys);
      const [expected, actual] = [await library(c), fastPath(c)];
      if (JSON.stringify(expected) !== JSON.stringify(actual))
        disagreements.push(
          `seed ${seed} (${c.tamper}): library ${JSON.stringify(expected)}, fast ${JSON.stringify(actual)}`,
        );
      const tally = byTamper.get(c.tamper) ?? { accepted: 0, refused: 0 };
      tally[expected.accepted ? 'accepted' : 'refused']++;
      byTamper.set(c.tamper, tally);
    }
    expect(disagreements).toEqual([]);
    // The cases reach both answers: many valid assertions accepted, every kind of tampering refused somewhere.
    expect(byTamper.get('none')!.accepted).toBeGreaterThan(CASES / 20);
    for (const [tamper, tally] of byTamper) if (tamper !== 'none') expect(tally.refused, tamper).toBeGreaterThan(0);
  }, 120_000);

  it('caches one KeyObject per key and refuses keys that are not ES256', () => {
    const key = cosePublicKey(keys[0]![1]!);
    expect(es256Key(key)).toBe(es256Key(new Uint8Array(key)));
    const rs256 = new Uint8Array(
      isoCBOR.encode(
        new Map<number, number | Uint8Array>([
          [1, 3],
          [3, -257],
          [-1, new Uint8Array(256)],
          [-2, new Uint8Array([1, 0, 1])],
        ]),
      ),
    );
    expect(es256Key(rs256)).toBeNull();
    expect(es256Key(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(isoBase64URL.fromBuffer(key).length).toBeGreaterThan(0);
  });
});
