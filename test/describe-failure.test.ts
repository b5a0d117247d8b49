import { describe, expect, it } from 'vitest';
import { describeFailure } from '../src/db/unavailable.js';

// Background workers (outbox, audit retention, the used-challenge sweep) log a failed round with this: a database
// outage by its code, since a driver's text names the database's address.
describe('describeFailure', () => {
  it('names an outage by its code only, and any other failure by its message', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED' });
    expect(describeFailure(refused)).toBe('database unavailable (ECONNREFUSED)');
    expect(describeFailure(new Error('Connection terminated unexpectedly'))).toBe('database unavailable (Error)');
    expect(describeFailure(new Error('SMTP answered 550'))).toBe('SMTP answered 550');
    expect(describeFailure('thrown text')).toBe('thrown text');
  });
});
