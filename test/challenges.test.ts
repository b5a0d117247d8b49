import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CHALLENGE_TTL_MS,
  issueChallenge,
  openChallenge,
  refuseIfUsed,
  SWEEP_INTERVAL_MS,
  takeChallenge,
  type ChallengeScope,
} from '../src/passkeys/challenges.js';
import { createHarness, type Harness } from './support/harness.js';

const invalid = { code: 'CHALLENGE_INVALID' };
const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

// Sealed challenges (issue 11): issuing writes nothing; the seal, not a row, says where one may be used.
describe('sealed WebAuthn challenges', () => {
  let h: Harness;
  let scope: ChallengeScope;
  beforeEach(async () => {
    h = await createHarness('sqlite');
    const org = await h.org();
    scope = { orgId: org.id, bindingHash: 'a'.repeat(64), ceremony: 'authentication' };
  });
  afterEach(() => h.close());

  it('opens for the scope it was issued to, with its account and expiry, and is new each time', () => {
    const challenge = base64url(issueChallenge(h.deps, { ...scope, userId: 'user-1' }));
    const opened = openChallenge(h.deps, { ...scope, challenge });
    expect(opened).toMatchObject({
      ...scope,
      challenge,
      userId: 'user-1',
      expiresAt: h.deps.clock() + CHALLENGE_TTL_MS,
    });
    expect(openChallenge(h.deps, { ...scope, challenge: base64url(issueChallenge(h.deps, scope)) }).userId).toBeNull();
    const many = new Set(Array.from({ length: 100 }, () => base64url(issueChallenge(h.deps, scope))));
    expect(many.size).toBe(100);
  });

  it('does not open for another browser, ceremony or organisation, once expired, or altered', () => {
    const challenge = base64url(issueChallenge(h.deps, scope));
    expect(() => openChallenge(h.deps, { ...scope, bindingHash: 'b'.repeat(64), challenge })).toThrow(
      expect.objectContaining(invalid),
    );
    expect(() => openChallenge(h.deps, { ...scope, ceremony: 'reverification', challenge })).toThrow(
      expect.objectContaining(invalid),
    );
    expect(() => openChallenge(h.deps, { ...scope, orgId: 'other', challenge })).toThrow(
      expect.objectContaining(invalid),
    );
    const bytes = Buffer.from(challenge, 'base64url');
    for (const at of [0, 20, bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[at]! ^= 1;
      expect(() => openChallenge(h.deps, { ...scope, challenge: altered.toString('base64url') })).toThrow(
        expect.objectContaining(invalid),
      );
    }
    expect(() => openChallenge(h.deps, { ...scope, challenge: 'short' })).toThrow(expect.objectContaining(invalid));
    h.advance(CHALLENGE_TTL_MS);
    expect(() => openChallenge(h.deps, { ...scope, challenge })).toThrow(expect.objectContaining(invalid));
  });

  it('does not open under another server secret', () => {
    const challenge = base64url(issueChallenge(h.deps, scope));
    const otherServer = { ...h.deps, serverSecret: Buffer.alloc(32, 7) };
    expect(() => openChallenge(otherServer, { ...scope, challenge })).toThrow(expect.objectContaining(invalid));
  });

  it('is taken once: a second take, or a later open as unused, is refused', async () => {
    const challenge = base64url(issueChallenge(h.deps, scope));
    const opened = openChallenge(h.deps, { ...scope, challenge });
    await refuseIfUsed(h.deps, opened);
    await takeChallenge(h.deps, { opened });
    await expect(takeChallenge(h.deps, { opened })).rejects.toMatchObject(invalid);
    await expect(refuseIfUsed(h.deps, openChallenge(h.deps, { ...scope, challenge }))).rejects.toMatchObject(invalid);
    // Recording a failure marks it whether or not it was already used.
    await takeChallenge(h.deps, { opened, orElse: 'ignore' });
  });

  it("is forgotten once expired, at a later sign-in's take; a mark not yet expired stays", async () => {
    const marks = () => h.deps.db.selectFrom('challenges').select('challenge').execute();
    const take = async () => {
      const opened = openChallenge(h.deps, { ...scope, challenge: base64url(issueChallenge(h.deps, scope)) });
      await takeChallenge(h.deps, { opened });
      return opened;
    };
    await take();
    h.advance(CHALLENGE_TTL_MS / 2);
    const second = await take();
    h.advance(CHALLENGE_TTL_MS / 2);
    // The first has expired; this take sweeps it (a sweep at most every SWEEP_INTERVAL_MS) and keeps the second.
    h.advance(SWEEP_INTERVAL_MS);
    const third = await take();
    expect((await marks()).map((mark) => mark.challenge).sort()).toEqual([second.challenge, third.challenge].sort());
    await expect(refuseIfUsed(h.deps, second)).rejects.toMatchObject(invalid);
  });
});
