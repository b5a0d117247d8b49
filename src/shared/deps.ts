import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Dialect } from '../db/database.js';
import type { DB } from '../db/types.js';
import type { CounterStore } from './counter-store.js';
import type { Mailer } from './mailer.js';

/** How an action no person did was done: with the `latchkey` command, or by the first start's seeding. */
export type AuditVia = 'cli' | 'first-start';

/** Returns the current time in epoch milliseconds; tests inject their own to control expiry. */
export type Clock = () => number;

/** What every domain function may use. Built once in main.ts (or by a test) and passed down. */
export interface Deps {
  db: Kysely<DB>;
  dialect: Dialect;
  config: Config;
  clock: Clock;
  counters: CounterStore;
  /** The server secret (SERVER_SECRET, or the embedded default's own); keys are derived from it per purpose. */
  serverSecret: Buffer;
  /** SMTP, or null when not configured (mail then waits in the outbox). */
  mailer: Mailer | null;
  /** Set by the `latchkey` command and by the first start's seeding: their audit events without an actor say so. */
  via?: AuditVia;
}

/** An admin acting on someone else's account, for the audit trail. */
export interface Actor {
  actorId: string;
  /** The session they act in (the console's): a code or link it is shown ends with it. None from the CLI. */
  actorSessionId?: string;
  context: RequestContext;
}

/** Where a request came from, for audit events and session records. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}
