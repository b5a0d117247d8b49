import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CHALLENGE_TTL_MS,
  issueChallenge,
  openChallenge,
  refuseIfUsed,
  takeChallenge,
  type ChallengeScope,
} from '../src/passkeys/challenges.js';
import { MARK_GRACE_MS, startChallengeSweep, sweepUsedChallenges } from '../src/passkeys/challenge-sweep.js';
import { inTransaction } from '../src/shared/transaction.js';
import { DIALECTS } from './support/databases.js';
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

  it('is forgotten a minute after it expires (MARK_GRACE_MS), by a sweep that leaves the rest', async () => {
    const marks = async () => (await h.deps.db.selectFrom('challenges').select('challenge').execute()).length;
    const take = async () => {
      const opened = openChallenge(h.deps, { ...scope, challenge: base64url(issueChallenge(h.deps, scope)) });
      await takeChallenge(h.deps, { opened });
      return opened;
    };
    const first = await take();
    h.advance(CHALLENGE_TTL_MS / 2);
    const second = await take();
    // Expired, but within the grace: a replay that opened it a moment before still finds its mark.
    h.advance(CHALLENGE_TTL_MS / 2 + MARK_GRACE_MS - 1);
    expect(await sweepUsedChallenges(h.deps)).toBe(0);
    await expect(refuseIfUsed(h.deps, first)).rejects.toMatchObject(invalid);
    h.advance(1);
    expect(await sweepUsedChallenges(h.deps)).toBe(1);
    expect(await marks()).toBe(1);
    await expect(refuseIfUsed(h.deps, second)).rejects.toMatchObject(invalid);
  });

  it('is swept in the background, on every instance, until stopped', async () => {
    const opened = openChallenge(h.deps, { ...scope, challenge: base64url(issueChallenge(h.deps, scope)) });
    await takeChallenge(h.deps, { opened });
    h.advance(CHALLENGE_TTL_MS + MARK_GRACE_MS);
    const lines: string[] = [];
    const sweep = startChallengeSweep(h.deps, { log: (line) => lines.push(line), intervalMs: 10 });
    const deadline = Date.now() + 5_000;
    while ((await h.deps.db.selectFrom('challenges').select('id').execute()).length > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await sweep.stop();
    expect(await h.deps.db.selectFrom('challenges').select('id').execute()).toEqual([]);
    expect(lines).toEqual([]);
  });
});

// Two first uses of one challenge at once, on PostgreSQL (several instances): the second waits for the first's
// commit, then is refused as a replay. (The mark's insert names no conflict target, so a second that passed
// PostgreSQL's check for a conflict before the first's mark was there is refused too, whichever of the two unique
// indexes migration 0013 leaves it meets first; that moment cannot be arranged from here.)
describe.skipIf(!DIALECTS.includes('postgres'))('a challenge taken twice at once (postgres)', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('commits once; the other is CHALLENGE_INVALID, not a database error', async () => {
    h = await createHarness('postgres');
    const org = await h.org();
    const scope: ChallengeScope = { orgId: org.id, bindingHash: 'a'.repeat(64), ceremony: 'authentication' };
    const opened = openChallenge(h.deps, { ...scope, challenge: base64url(issueChallenge(h.deps, scope)) });
    let marked!: () => void;
    let commit!: () => void;
    const markedFirst = new Promise<void>((resolve) => (marked = resolve));
    const committing = new Promise<void>((resolve) => (commit = resolve));
    const first = inTransaction(h.deps, async (tx) => {
      await takeChallenge(tx, { opened });
      // Awaited, so the queued mark has reached PostgreSQL (uncommitted) before the second starts.
      await tx.db.selectFrom('challenges').select('id').execute();
      marked();
      await committing;
    });
    await markedFirst;
    const second = inTransaction(h.deps, (tx) => takeChallenge(tx, { opened }));
    let settled = false;
    void second.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settled).toBe(false); // waiting on the first's mark
    commit();
    await first;
    await expect(second).rejects.toMatchObject(invalid);
    expect(await h.deps.db.selectFrom('challenges').select('challenge').execute()).toEqual([
      { challenge: opened.challenge },
    ]);
  });
});
