/**
 * What each simulated client does, operation by operation, as the web pages do it. An operation
 * that does not get the answer a browser expects throws an OperationError named by status and code.
 */
import type { KeyObject } from 'node:crypto';
import { SoftAuthenticator } from '../../test/support/soft-authenticator.js';
import { Browser, type Answer, type Target } from './browser.js';
import { credentialId, memberAuthenticator, ORG_SLUG, PASSWORD, username } from './members.js';

export const SCENARIOS = ['passkey', 'password', 'session', 'register', 'mixed', 'healthz'] as const;
export type Scenario = (typeof SCENARIOS)[number];
/** What is timed: a mixed run times its passkey and password sign-ins apart. */
export type OperationKind =
  'passkey sign-in' | 'password sign-in' | 'session check' | 'passkey registration' | 'bare request';

export class OperationError extends Error {}

const API = `/api/o/${ORG_SLUG}`;
// Registrations per member before the client moves to the next one (MAX_PASSKEYS_PER_USER is 100).
const REGISTRATIONS_PER_MEMBER = 90;

function expectOk(answer: Answer): Answer {
  if (answer.status !== 200) throw new OperationError(`${answer.status} ${answer.body?.error?.code ?? ''}`.trim());
  return answer;
}

export interface Shared {
  target: Target;
  users: number;
  totalClients: number;
  keys: KeyObject[];
  /** Signature counters by member: each member is used by one client only, so they only go up. */
  counters: Map<number, number>;
  counterBase: number;
  /** Operations of the mixed scenario so far, across this worker's clients. */
  mixed: number;
}

/** One simulated person at a keyboard: signs in, checks their session, adds passkeys. */
export class Client {
  private session?: Browser;
  private registered = 0;
  /** Registration goes through this client's share in order, so no member is filled up twice. */
  private nextToFill = 0;
  constructor(
    private readonly shared: Shared,
    /** This client's number among all workers' clients: it signs in only as members k ≡ index (mod clients). */
    private readonly index: number,
  ) {}

  /** A random member of this client's share, so that no two clients race one member's counter. */
  private member(): number {
    const { users, totalClients } = this.shared;
    const share = Math.floor((users - 1 - this.index) / totalClients) + 1;
    return this.index + totalClients * Math.floor(Math.random() * share);
  }

  private nextCounter(k: number): number {
    const counter = (this.shared.counters.get(k) ?? this.shared.counterBase) + 1;
    this.shared.counters.set(k, counter);
    return counter;
  }

  /** The next member of this client's share to add passkeys to (each takes REGISTRATIONS_PER_MEMBER). */
  private memberToFill(): number {
    const { users, totalClients } = this.shared;
    const share = Math.floor((users - 1 - this.index) / totalClients) + 1;
    return this.index + totalClients * (this.nextToFill++ % share);
  }

  /** Usernameless (autofill) sign-in, as the sign-in page starts it: options, the authenticator, verify. */
  async passkeySignIn(k = this.member()): Promise<Browser> {
    const browser = new Browser(this.shared.target);
    const options = expectOk(await browser.post(`${API}/sign-in/passkey/options`, {})).body.options;
    const authenticator = memberAuthenticator(this.shared.target.origin, options.rpId, k, this.shared.keys);
    const response = await authenticator.authenticate(options, {
      credentialId: credentialId(k),
      counter: this.nextCounter(k),
    });
    expectOk(await browser.post(`${API}/sign-in/passkey/verify`, { response }));
    return browser;
  }

  /** A new browser each time (no trusted-device cookie): the password storm of a Monday morning. */
  async passwordSignIn(): Promise<void> {
    const browser = new Browser(this.shared.target);
    expectOk(
      await browser.post(`${API}/sign-in/password`, { identifier: username(this.member()), password: PASSWORD }),
    );
  }

  async sessionCheck(): Promise<void> {
    this.session ??= await this.passkeySignIn();
    expectOk(await this.session.get(`${API}/me`));
  }

  /** Settings > Passkeys > Create a passkey, on a freshly signed-in (so recently verified) session. */
  async register(): Promise<void> {
    if (!this.session || this.registered >= REGISTRATIONS_PER_MEMBER) {
      this.session = await this.passkeySignIn(this.memberToFill());
      this.registered = 0;
    }
    const options = expectOk(await this.session.post(`${API}/me/passkeys/options`)).body.options;
    const response = await new SoftAuthenticator({ origin: this.shared.target.origin, synced: true }).register(options);
    expectOk(await this.session.post(`${API}/me/passkeys`, { response }));
    this.registered++;
  }

  /** Setup that is not measured: the session the scenario works with. */
  async prepare(scenario: Scenario): Promise<void> {
    if (scenario === 'session') this.session = await this.passkeySignIn();
    if (scenario === 'register') this.session = await this.passkeySignIn(this.memberToFill());
  }

  /** One measured operation of the scenario, and what kind it was. */
  async step(scenario: Scenario): Promise<{ kind: OperationKind; run: () => Promise<unknown> }> {
    switch (scenario) {
      case 'passkey':
        return { kind: 'passkey sign-in', run: () => this.passkeySignIn() };
      case 'password':
        return { kind: 'password sign-in', run: () => this.passwordSignIn() };
      case 'session':
        return { kind: 'session check', run: () => this.sessionCheck() };
      case 'healthz':
        // The least the server answers (no database, no session): the ceiling of HTTP and the framework here.
        return {
          kind: 'bare request',
          run: async () => expectOk(await new Browser(this.shared.target).get('/healthz')),
        };
      case 'register':
        // Moving to the next member (a sign-in) is done before the timed registration.
        if (this.registered >= REGISTRATIONS_PER_MEMBER) {
          this.session = await this.passkeySignIn(this.memberToFill());
          this.registered = 0;
        }
        return { kind: 'passkey registration', run: () => this.register() };
      case 'mixed':
        // One password sign-in per 20 passkey sign-ins, counted over the worker (not per client, so
        // that even a short or slow run has some).
        return this.shared.mixed++ % 21 === 20
          ? { kind: 'password sign-in', run: () => this.passwordSignIn() }
          : { kind: 'passkey sign-in', run: () => this.passkeySignIn() };
    }
  }
}
