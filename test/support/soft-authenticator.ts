/**
 * A software passkey authenticator for HTTP tests and the load benchmark (bench/load/): real P-256 keys, real CBOR,
 * real signatures, so responses go through the same verification as a browser's.
 * Knobs let a test make it misbehave (no user verification, a counter that goes backwards).
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransport,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';

export interface StoredCredential {
  id: string;
  rpId: string;
  userHandle: string;
  privateKey: KeyObject;
  counter: number;
}

export interface SoftAuthenticatorOptions {
  origin: string;
  aaguid?: string;
  /** Synced passkey (backup eligible and backed up), like iCloud Keychain or Google Password Manager. */
  synced?: boolean;
  userVerified?: boolean;
  /** Added to the signature counter on each use; 0 imitates authenticators without a counter. */
  counterStep?: number;
  /** How the browser reached it: `['internal']` (the device's own, the default), or e.g. `['usb', 'nfc']` for a key. */
  transports?: AuthenticatorTransport[];
}

const sha256 = (data: Uint8Array | string) => new Uint8Array(createHash('sha256').update(data).digest());
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return new Uint8Array(b);
};

/** A P-256 public key as COSE (ES256), as an authenticator puts it in its registration response. */
export function cosePublicKey(publicKey: KeyObject): Uint8Array<ArrayBuffer> {
  const jwk = publicKey.export({ format: 'jwk' });
  return new Uint8Array(
    isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, isoBase64URL.toBuffer(jwk.x!)],
        [-3, isoBase64URL.toBuffer(jwk.y!)],
      ]),
    ),
  );
}

export class SoftAuthenticator {
  readonly credentials: StoredCredential[] = [];
  userVerified: boolean;
  private get attachment() {
    return (this.options.transports ?? ['internal']).includes('internal') ? 'platform' : 'cross-platform';
  }

  constructor(private readonly options: SoftAuthenticatorOptions) {
    this.userVerified = options.userVerified ?? true;
  }

  private flags(extra: number): number {
    const backup = this.options.synced ? 0x08 | 0x10 : 0;
    return 0x01 | (this.userVerified ? 0x04 : 0) | backup | extra;
  }

  /** `crossOrigin`: what a browser says when the ceremony ran in a frame of another site. */
  private clientData(type: string, challenge: string, origin = this.options.origin, crossOrigin = false): string {
    return isoBase64URL.fromUTF8String(JSON.stringify({ type, challenge, origin, crossOrigin }));
  }

  /**
   * `cosePublicKey` replaces the key put in the response (with "none" attestation nothing signs with
   * it); such a credential cannot sign in, so it is not kept. `credentialIdBytes`: 32 by default.
   */
  async register(
    options: PublicKeyCredentialCreationOptionsJSON,
    overrides: { origin?: string; crossOrigin?: boolean; cosePublicKey?: Uint8Array; credentialIdBytes?: number } = {},
  ): Promise<RegistrationResponseJSON> {
    const rpId = options.rp.id!;
    const excluded = new Set((options.excludeCredentials ?? []).map((c) => c.id));
    if (this.credentials.some((c) => c.rpId === rpId && excluded.has(c.id)))
      throw new Error('InvalidStateError: credential excluded');
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const cose = overrides.cosePublicKey ?? cosePublicKey(publicKey);
    const rawId = new Uint8Array(randomBytes(overrides.credentialIdBytes ?? 32));
    const id = isoBase64URL.fromBuffer(rawId);
    const aaguid = Buffer.from(
      (this.options.aaguid ?? '00000000-0000-0000-0000-000000000000').replace(/-/g, ''),
      'hex',
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(rawId.length);
    const authData = concat(
      sha256(rpId),
      new Uint8Array([this.flags(0x40)]),
      u32(0),
      new Uint8Array(aaguid),
      new Uint8Array(idLength),
      rawId,
      cose,
    );
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]) as never,
    );
    if (!overrides.cosePublicKey)
      this.credentials.push({ id, rpId, userHandle: options.user.id, privateKey, counter: 0 });
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: this.clientData('webauthn.create', options.challenge, overrides.origin, overrides.crossOrigin),
        attestationObject: isoBase64URL.fromBuffer(attestationObject),
        transports: this.options.transports ?? ['internal'],
      },
      authenticatorAttachment: this.attachment,
      clientExtensionResults: {},
    };
  }

  /** Answers a request with the named credential, or the first one allowed (or discoverable) for the RP. */
  async authenticate(
    options: PublicKeyCredentialRequestOptionsJSON,
    overrides: { credentialId?: string; origin?: string; counter?: number; crossOrigin?: boolean } = {},
  ): Promise<AuthenticationResponseJSON> {
    const rpId = options.rpId!;
    const allowed = new Set((options.allowCredentials ?? []).map((c) => c.id));
    const credential = this.credentials.find(
      (c) =>
        c.rpId === rpId &&
        (overrides.credentialId ? c.id === overrides.credentialId : allowed.size === 0 || allowed.has(c.id)),
    );
    if (!credential) throw new Error('NotAllowedError: no credential');
    credential.counter = overrides.counter ?? credential.counter + (this.options.counterStep ?? 1);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, overrides.origin, overrides.crossOrigin);
    const authData = concat(sha256(rpId), new Uint8Array([this.flags(0)]), u32(credential.counter));
    const signature = sign(
      'sha256',
      concat(authData, sha256(isoBase64URL.toBuffer(clientDataJSON))),
      credential.privateKey,
    );
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      response: {
        clientDataJSON,
        authenticatorData: isoBase64URL.fromBuffer(authData),
        signature: isoBase64URL.fromBuffer(new Uint8Array(signature)),
        userHandle: credential.userHandle,
      },
      authenticatorAttachment: this.attachment,
      clientExtensionResults: {},
    };
  }
}
