import { describe, expect, it } from 'vitest';
import { parse } from '../src/cli/commands.js';
import { newClientId } from '../src/oidc/clients.js';

// An app id that starts with '-' reads as an option after `--client-id`: the CLI refused it as ambiguous.
describe('app client ids on the command line', () => {
  it('are never generated with a leading dash', () => {
    const ids = Array.from({ length: 2000 }, newClientId);
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('can still be given as --client-id=<id> when one (made before) starts with a dash', () => {
    expect(parse(['--client-id=-abc'], { 'client-id': { type: 'string' } }).values['client-id']).toBe('-abc');
  });
});
