/** Passwords refused as guessed first (NIST SP 800-63B 3.1.1.2), and ones that must not be. */
import { describe, expect, it } from 'vitest';
import { isGuessable } from '../src/passwords/guessable.js';

const names = ['tom.baker', 'tom@example.com', 'Tom Baker', 'acme', 'Acme Widgets'];

describe('isGuessable', () => {
  it.each([
    'password',
    'Password2026!',
    'P@ssw0rd',
    'iloveyou123',
    'Hello123!',
    'Aa123456!',
    '12345678',
    '87654321',
    '01011990',
    '12341234',
    '123123123',
    'abc123456',
    '12345678a',
    '!!!!!!!!',
    'abcdefghij',
    'qwertyuiop',
    'zzzzzzzz',
    'Acme2026!',
    'widgets123',
    'TomBaker99',
    'tom.baker!',
    'latchkey1!',
  ])('refuses %s', (password) => expect(isGuessable(password, names)).toBe(true));

  it("refuses a name in another script with a year: 'Иван1990!' for Иван Петров", () =>
    expect(isGuessable('Иван1990!', ['ivan', 'Иван Петров'])).toBe(true));

  it.each([
    'correct horse battery staple',
    'Tr0ub4dor&3x',
    'acme coffee at nine',
    'tom likes long walks',
    'tom 東京タワーで会いましょう',
    'dragon дракон огнедышащий',
    'acme🦄🐙🌵🍕🚀🎸',
    'Q7com!!#',
    '8392017465',
    'vq8-Lm2!xz',
  ])('accepts %s', (password) => expect(isGuessable(password, names)).toBe(false));
});
