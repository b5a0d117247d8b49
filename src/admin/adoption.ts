import { sql } from 'kysely';
import type { Organisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';
import { enrollmentCounts } from './user-list.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_DAYS = 365;

/**
 * Enrolled and pending now, and enrolled members over time: each member who holds a passkey counts
 * from the day of their oldest one. (A member who lost all passkeys and enrolled again counts from the new one.)
 */
export async function adoption(deps: Deps, org: Organisation) {
  const counts = await enrollmentCounts(deps, org);
  // Per day (as a day number since 1970), how many members' oldest passkey is from that day.
  const firsts = deps.db
    .selectFrom('passkeys')
    .select((eb) => eb.fn.min<number>('created_at').as('first'))
    .where('org_id', '=', org.id)
    .groupBy('user_id')
    .as('f');
  const rows = await deps.db
    .selectFrom(firsts)
    .select([sql<number>`f.first / ${sql.lit(DAY_MS)}`.as('day'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(sql`f.first / ${sql.lit(DAY_MS)}`)
    .execute();
  const perDay = new Map(rows.map((r) => [Math.floor(Number(r.day)), Number(r.n)]));
  const today = Math.floor(deps.clock() / DAY_MS);
  const earliest = Math.min(Math.floor(org.created_at / DAY_MS), ...perDay.keys());
  const start = Math.max(earliest, today - (MAX_DAYS - 1));
  // Members enrolled before the chart's first day are its starting level.
  let enrolled = [...perDay].filter(([day]) => day < start).reduce((sum, [, n]) => sum + n, 0);
  const series: Array<{ day: string; enrolled: number }> = [];
  for (let day = start; day <= today; day++) {
    enrolled += perDay.get(day) ?? 0;
    series.push({ day: new Date(day * DAY_MS).toISOString().slice(0, 10), enrolled });
  }
  return { members: counts.all, enrolled: counts.enrolled, pending: counts.pending, series };
}
