import { sql } from 'kysely';
import type { Organisation } from '../orgs/organisations.js';
import type { Deps } from '../shared/deps.js';
import { enrollmentCounts } from './user-list.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_DAYS = 365;
const dayOf = (column: string) => sql<number>`${sql.ref(column)} / ${sql.lit(DAY_MS)}`;

/** Per day (a day number since 1970), how many of the given times fall on it. */
function perDay(rows: Array<{ day: number; n: number }>): Map<number, number> {
  return new Map(rows.map((r) => [Math.floor(Number(r.day)), Number(r.n)]));
}

/**
 * Enrolled and pending now, and over time: each day, the members who existed by its end and those of
 * them who held a passkey, counted from the day of their oldest one (a member who lost all passkeys and
 * enrolled again counts from the new one). Deleted users are in neither count.
 */
export async function adoption(deps: Deps, { org }: { org: Organisation }) {
  const firsts = deps.db
    .selectFrom('passkeys')
    .select((eb) => eb.fn.min<number>('created_at').as('first'))
    .where('org_id', '=', org.id)
    .groupBy('user_id')
    .as('f');
  const [counts, enrolledRows, memberRows] = await Promise.all([
    enrollmentCounts(deps, { org }),
    deps.db
      .selectFrom(firsts)
      .select([dayOf('f.first').as('day'), (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(dayOf('f.first'))
      .execute(),
    deps.db
      .selectFrom('users')
      .select([dayOf('created_at').as('day'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('org_id', '=', org.id)
      .groupBy(dayOf('created_at'))
      .execute(),
  ]);
  const enrolledPerDay = perDay(enrolledRows);
  const membersPerDay = perDay(memberRows);
  const today = Math.floor(deps.clock() / DAY_MS);
  const earliest = Math.min(Math.floor(org.created_at / DAY_MS), ...enrolledPerDay.keys(), ...membersPerDay.keys());
  const start = Math.max(earliest, today - (MAX_DAYS - 1));
  // Those from before the chart's first day are its starting level.
  const before = (days: Map<number, number>) =>
    [...days].filter(([day]) => day < start).reduce((sum, [, n]) => sum + n, 0);
  let enrolled = before(enrolledPerDay);
  let members = before(membersPerDay);
  const series: Array<{ day: string; enrolled: number; members: number }> = [];
  for (let day = start; day <= today; day++) {
    enrolled += enrolledPerDay.get(day) ?? 0;
    members += membersPerDay.get(day) ?? 0;
    series.push({ day: new Date(day * DAY_MS).toISOString().slice(0, 10), enrolled, members });
  }
  return { members: counts.all, enrolled: counts.enrolled, pending: counts.pending, series };
}
