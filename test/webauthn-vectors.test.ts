/**
 * Real authenticator responses from three independent projects (../shared/webauthn-vectors),
 * replayed through Latchkey's verification layer. Vectors flagged ambiguous, policy or PQC are
 * not conformance results and are skipped (see the vectors' README).
 */
import fs from 'node:fs';
import path from 'node:path';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAppError } from '../src/errors.js';
import { verifyAssertion } from '../src/passkeys/verify-assertion.js';
import { verifyRegistration } from '../src/passkeys/verify-registration.js';
import { webauthnServer } from '../src/passkeys/webauthn.js';

// The library's settings as the verification layer sees them: the copy src/ loads (its CommonJS build).
const { SettingsService } = webauthnServer();

// A copy of ../shared/webauthn-vectors (with the upstream licences), so a fresh clone has them.
const DIR = path.resolve(import.meta.dirname, 'fixtures/webauthn-vectors');
const FILES = ['py_webauthn.json', 'yubico_java-webauthn-server.json', 'supplement_go-webauthn_w3c.json'];

interface Vector {
  name: string;
  kind: 'registration' | 'authentication';
  expected: 'ok' | 'error';
  derived?: { mutation?: string };
  response: any;
  expectedChallenge: string;
  expectedOrigin: string | string[];
  expectedRPID: string;
  requireUserVerification?: boolean;
  credential?: { id: string; publicKey: string; counter: number };
  supportedAlgorithmIDs?: number[];
  trustAnchorsByFormat?: Record<string, string[]>;
  fixedTime?: string;
  expectedTopOrigin?: string;
  ambiguous?: boolean;
  policy?: boolean;
  requiresPQC?: boolean;
}

// The vectors check the WebAuthn verification; Latchkey's own refusal of framed (crossOrigin)
// ceremonies is a policy on top, checked below and over HTTP (test/http/passkey-sign-in.test.ts).
async function replay(v: Vector, allowCrossOrigin = true): Promise<'ok' | string> {
  const expectedOrigins = Array.isArray(v.expectedOrigin) ? v.expectedOrigin : [v.expectedOrigin];
  try {
    if (v.kind === 'registration') {
      await verifyRegistration({
        response: v.response,
        expectedChallenge: v.expectedChallenge,
        expectedOrigins,
        rpId: v.expectedRPID,
        requireUserVerification: !!v.requireUserVerification,
        allowCrossOrigin,
        ...(v.supportedAlgorithmIDs ? { supportedAlgorithmIDs: v.supportedAlgorithmIDs } : {}),
      });
    } else {
      await verifyAssertion({
        response: v.response,
        expectedChallenge: v.expectedChallenge,
        expectedOrigins,
        rpId: v.expectedRPID,
        requireUserVerification: !!v.requireUserVerification,
        allowCrossOrigin,
        credential: {
          id: v.credential!.id,
          publicKey: isoBase64URL.toBuffer(v.credential!.publicKey),
          counter: v.credential!.counter,
        },
      });
    }
    return 'ok';
  } catch (err) {
    if (!isAppError(err)) throw err; // anything but a coded error is a defect in our layer
    return err.code;
  }
}

describe("WebAuthn vectors replayed through Latchkey's verification layer", () => {
  afterEach(() => vi.useRealTimers());

  for (const file of FILES) {
    const vectors: Vector[] = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')).vectors;
    const scored = vectors.filter((v) => !v.ambiguous && !v.policy && !v.requiresPQC && !v.expectedTopOrigin);
    it(`${file}: ${scored.length} vectors give the expected verdict`, async () => {
      const mismatches: string[] = [];
      for (const v of scored) {
        const saved: Record<string, string[]> = {};
        for (const [format, roots] of Object.entries(v.trustAnchorsByFormat ?? {})) {
          saved[format] = SettingsService.getRootCertificates({ identifier: format as never });
          SettingsService.setRootCertificates({ identifier: format as never, certificates: roots });
        }
        if (v.fixedTime) vi.useFakeTimers({ now: new Date(v.fixedTime), toFake: ['Date'] });
        const got = await replay(v);
        vi.useRealTimers();
        for (const [format, roots] of Object.entries(saved))
          SettingsService.setRootCertificates({ identifier: format as never, certificates: roots });

        const verdict = got === 'ok' ? 'ok' : 'error';
        if (verdict !== v.expected) mismatches.push(`${v.name}: expected ${v.expected}, got ${got}`);
        // A replayed counter must be reported as a possible clone, not as a generic failure.
        if (v.derived?.mutation?.includes('counter') && got !== 'PASSKEY_COUNTER_REGRESSED')
          mismatches.push(`${v.name}: counter mutation gave ${got}`);
      }
      expect(mismatches).toEqual([]);
      expect(scored.filter((v) => v.expected === 'ok').length).toBeGreaterThan(10);
    });
  }

  it('refuses valid cross-origin (framed) responses by default', async () => {
    const framed = FILES.flatMap(
      (file) => JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')).vectors as Vector[],
    ).filter(
      (v) =>
        v.expected === 'ok' &&
        !v.ambiguous &&
        !v.policy &&
        !v.fixedTime &&
        !v.expectedTopOrigin &&
        JSON.parse(isoBase64URL.toUTF8String(v.response.response.clientDataJSON)).crossOrigin === true,
    );
    expect(framed.length).toBeGreaterThan(0);
    for (const v of framed) {
      expect(await replay(v), v.name).toBe('ok');
      expect(await replay(v, false), v.name).toBe('PASSKEY_RESPONSE_INVALID');
    }
  });
});
