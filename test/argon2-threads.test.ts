import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ARGON2_NICENESS, onArgon2Thread } from '../src/passwords/argon2-threads.js';
import { hashPassword, verifyPassword } from '../src/passwords/passwords.js';

// Password checks run on threads of their own below the event loop's priority (issue 11: a password
// flood must not take the cores passkey sign-ins need).
describe('argon2 on threads of its own', () => {
  it('hashes and verifies: the right password, a wrong one, a malformed hash, no hash at all', async () => {
    const stored = await hashPassword('correct horse battery', []);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery!')).toBe(false);
    expect(await verifyPassword('not a hash', 'correct horse battery')).toBe(false);
    expect(await verifyPassword(null, 'correct horse battery')).toBe(false);
  });

  it('runs several at once, each answer to its own question', async () => {
    const passwords = ['one password', 'two password', 'three password', 'four password', 'five password'];
    const hashes = await Promise.all(passwords.map((password) => hashPassword(password, [])));
    const checks = await Promise.all(
      passwords.flatMap((password, i) => [
        verifyPassword(hashes[i]!, password),
        verifyPassword(hashes[i]!, 'x' + password),
      ]),
    );
    expect(checks).toEqual(passwords.flatMap(() => [true, false]));
  });

  it('on Linux its threads run at a lower priority; the event loop keeps its own', async () => {
    if (process.platform !== 'linux') return;
    const eventLoop = os.getPriority(0);
    // A process started lower still (nice above ours) keeps its own: raising priority needs privileges.
    expect(await onArgon2Thread<'niceness', number>('niceness')).toBe(Math.max(eventLoop, ARGON2_NICENESS));
    expect(os.getPriority(0)).toBe(eventLoop);
  });
});
