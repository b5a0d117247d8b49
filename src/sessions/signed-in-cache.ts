import type { Kysely } from 'kysely';
import { othersCommitsOf, tableWritesOf } from '../db/database.js';
import type { TableWrite } from '../db/table-writes.js';
import type { DB } from '../db/types.js';
// A type only (erased): signed-in.ts calls this module, this one only names its answer.
import type { SignedIn } from './signed-in.js';

const onlySights = (write: TableWrite) => write.columns?.length === 1 && write.columns[0] === 'last_seen_at';

/**
 * The writes that may change a kept answer, by table: what a signed-in request reads (and the organisation, whose
 * deletion takes its members and sessions with it). A new session or member changes no kept answer; a passkey's
 * counter or name changes no count. A session's last sight neither: a kept one may be older than the database's,
 * which can only make it look idle sooner, and then it is read again (signed-in.ts).
 */
const STALING: Record<string, (write: TableWrite) => boolean> = {
  sessions: (write) => write.kind !== 'insert' && !onlySights(write),
  users: (write) => write.kind !== 'insert',
  passkeys: (write) => write.kind !== 'update' || write.columns === undefined || write.columns.includes('user_id'),
  organisations: (write) => write.kind === 'delete' || write.kind === 'undone',
};
// Sessions kept; beyond it the cache starts again.
const MAX_KEPT = 10_000;

/**
 * The signed-in requests' one query, kept between requests (issue 11: the session check). Only where every
 * change is seen at once, so a revoked session, a disabled member or a deleted passkey ends the next request:
 * this process's writes to the tables read (told before and after each statement), its rollbacks, and SQLite's
 * `data_version` for any other connection's commit (a CLI command beside the server). PostgreSQL has no such
 * cheap sign of other instances' commits: there nothing is kept.
 */
export class SignedInCache {
  readonly #kept = new Map<string, SignedIn>();
  #writes = 0;
  // Not yet asked: the first version() is a new one.
  #othersSeen = NaN;
  // The version the kept answers were read at.
  #keptAt = 0;

  constructor(private readonly othersCommits: () => number) {}

  readonly written = (): void => {
    this.#writes++;
  };

  /** Changes whenever a kept answer may have gone stale. */
  version(): number {
    const others = this.othersCommits();
    if (others !== this.#othersSeen) {
      this.#othersSeen = others;
      this.#writes++;
    }
    return this.#writes;
  }

  /** The answer kept for this key, if nothing it was read from has changed by `version()`. */
  get(key: string, version: number): SignedIn | undefined {
    if (version !== this.#keptAt) {
      this.#kept.clear();
      this.#keptAt = version;
      return undefined;
    }
    return this.#kept.get(key);
  }

  /** Keeps an answer read at `readAt` (`version()` before the query), unless anything changed meanwhile. */
  keep(key: string, answer: SignedIn, readAt: number): void {
    if (readAt !== this.version() || readAt !== this.#keptAt) return;
    if (this.#kept.size >= MAX_KEPT) this.#kept.clear();
    // Given to every request that finds it: frozen, so none can change what the next one gets.
    Object.freeze(answer.session);
    Object.freeze(answer.user);
    this.#kept.set(key, Object.freeze(answer));
  }
}

const caches = new WeakMap<Kysely<DB>, SignedInCache | null>();

/** The cache of this database's signed-in answers; undefined where changes could go unseen (see above). */
export function signedInCacheOf(db: Kysely<DB>): SignedInCache | undefined {
  const known = caches.get(db);
  if (known !== undefined) return known ?? undefined;
  const writes = tableWritesOf(db);
  const othersCommits = othersCommitsOf(db);
  const cache = writes && othersCommits ? new SignedInCache(othersCommits) : undefined;
  for (const [table, staling] of Object.entries(STALING))
    if (cache) writes?.on(table, (write) => staling(write) && cache.written());
  caches.set(db, cache ?? null);
  return cache;
}
