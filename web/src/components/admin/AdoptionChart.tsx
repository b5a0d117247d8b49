import { useId } from 'react';
import type { Adoption } from '../../adminApi';

const WIDTH = 600;
const HEIGHT = 160;
const PAD = { top: 10, right: 10, bottom: 24, left: 36 };

/** Enrolled members at the end of each day, as a line; drawn with SVG attributes only (no inline styles under the CSP). */
export function AdoptionChart({ series }: { series: Adoption['series'] }) {
  const descId = useId();
  if (series.length === 0) return null;
  const first = series[0]!;
  const last = series[series.length - 1]!;
  const max = Math.max(1, ...series.map((p) => p.enrolled));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  // One day alone is drawn as a flat line across the chart.
  const x = (i: number) => PAD.left + (series.length === 1 ? innerW / 2 : (i / (series.length - 1)) * innerW);
  const y = (n: number) => PAD.top + innerH - (n / max) * innerH;
  const points =
    series.length === 1
      ? [`${PAD.left},${y(first.enrolled)}`, `${PAD.left + innerW},${y(first.enrolled)}`]
      : series.map((p, i) => `${x(i)},${y(p.enrolled)}`);
  const baseline = PAD.top + innerH;
  const area = `${PAD.left},${baseline} ${points.join(' ')} ${PAD.left + innerW},${baseline}`;

  return (
    <svg
      className="chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label="Enrolled members over time"
      aria-describedby={descId}
    >
      <desc id={descId}>
        {first.day === last.day
          ? `${last.enrolled} enrolled members on ${last.day}.`
          : `From ${first.day} to ${last.day}, enrolled members went from ${first.enrolled} to ${last.enrolled}.`}
      </desc>
      <line className="chart__axis" x1={PAD.left} y1={baseline} x2={PAD.left + innerW} y2={baseline} />
      <line className="chart__axis" x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={baseline} />
      <text className="chart__label" x={PAD.left - 6} y={PAD.top + 4} textAnchor="end">
        {max}
      </text>
      <text className="chart__label" x={PAD.left - 6} y={baseline} textAnchor="end">
        0
      </text>
      <text className="chart__label" x={PAD.left} y={HEIGHT - 6}>
        {first.day}
      </text>
      {first.day !== last.day && (
        <text className="chart__label" x={PAD.left + innerW} y={HEIGHT - 6} textAnchor="end">
          {last.day}
        </text>
      )}
      <polygon className="chart__area" points={area} />
      <polyline className="chart__line" points={points.join(' ')} />
    </svg>
  );
}
