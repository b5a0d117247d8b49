import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Adoption } from '../adminApi';

const WIDTH = 600;
const HEIGHT = 180;
const PAD = { top: 18, right: 44, bottom: 24, left: 44 };
/** Up to this many days, one labelled bar per day; beyond, a line. */
const MAX_BARS = 14;

type Day = Adoption['series'][number];
/** Enrolled of the members of that day, rounded down (100 % only when nobody was left). */
export const percentOf = (d: Day) => (d.members === 0 ? 0 : Math.floor((d.enrolled * 100) / d.members));

/**
 * Enrolled members as a percentage of members, day by day: bars for a short history (one day of data
 * is one labelled bar, not a flat band), a line for a longer one. SVG attributes only (no inline styles under the CSP).
 */
export function AdoptionChart({ series }: { series: Adoption['series'] }) {
  const { t } = useTranslation('admin-home');
  const descId = useId();
  if (series.length === 0) return null;
  const first = series[0]!;
  const last = series[series.length - 1]!;
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const baseline = PAD.top + innerH;
  const y = (percent: number) => baseline - (percent / 100) * innerH;
  const bars = series.length <= MAX_BARS;
  const slot = innerW / series.length;
  const barWidth = Math.min(48, slot * 0.6);
  const x = (i: number) =>
    bars ? PAD.left + slot * i + slot / 2 : PAD.left + (series.length === 1 ? 0 : (i / (series.length - 1)) * innerW);
  const points = series.map((d, i) => `${x(i)},${y(percentOf(d))}`);
  const summary = (d: Day) => ({ enrolled: d.enrolled, members: d.members, percent: percentOf(d) });

  return (
    <svg
      className="chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={t('chartLabel')}
      aria-describedby={descId}
    >
      <desc id={descId}>
        {first.day === last.day
          ? t('chartOneDay', { day: last.day, ...summary(last) })
          : t('chartRange', {
              firstDay: first.day,
              lastDay: last.day,
              firstEnrolled: first.enrolled,
              firstMembers: first.members,
              firstPercent: percentOf(first),
              lastEnrolled: last.enrolled,
              lastMembers: last.members,
              lastPercent: percentOf(last),
            })}
      </desc>
      {[0, 50, 100].map((p) => (
        <g key={p}>
          <line
            className={p === 0 ? 'chart__axis' : 'chart__grid'}
            x1={PAD.left}
            y1={y(p)}
            x2={PAD.left + innerW}
            y2={y(p)}
          />
          <text className="chart__label" x={PAD.left - 6} y={y(p) + 4} textAnchor="end">
            {t('percent', { percent: p })}
          </text>
        </g>
      ))}
      {bars ? (
        series.map((d, i) => (
          <g key={d.day}>
            <rect
              className="chart__bar"
              x={x(i) - barWidth / 2}
              y={y(percentOf(d))}
              width={barWidth}
              height={baseline - y(percentOf(d))}
            />
            <text className="chart__value" x={x(i)} y={y(percentOf(d)) - 4} textAnchor="middle">
              {t('percent', { percent: percentOf(d) })}
            </text>
          </g>
        ))
      ) : (
        <>
          <polygon
            className="chart__area"
            points={`${x(0)},${baseline} ${points.join(' ')} ${x(series.length - 1)},${baseline}`}
          />
          <polyline className="chart__line" points={points.join(' ')} />
          <text className="chart__value" x={x(series.length - 1) + 4} y={y(percentOf(last)) + 4}>
            {t('percent', { percent: percentOf(last) })}
          </text>
        </>
      )}
      <text className="chart__label" x={bars ? x(0) : PAD.left} y={HEIGHT - 6} textAnchor={bars ? 'middle' : 'start'}>
        {first.day}
      </text>
      {first.day !== last.day && (
        <text
          className="chart__label"
          x={bars ? x(series.length - 1) : PAD.left + innerW}
          y={HEIGHT - 6}
          textAnchor={bars ? 'middle' : 'end'}
        >
          {last.day}
        </text>
      )}
    </svg>
  );
}
