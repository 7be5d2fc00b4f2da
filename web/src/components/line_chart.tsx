// A score series (0-1) over time as a line in plain SVG. Like the bar chart it is a picture of
// numbers that a table next to it gives in full, so screen readers get its title and the table.
import { useId } from 'preact/hooks';
import { formatDate, formatScore } from '../format';
import { seriesPoints } from '../registry';
import type { SeriesPoint } from '../types';

const WIDTH = 420;
const HEIGHT = 160;
const LEFT = 40;
const RIGHT = 12;
const TOP = 8;
const BOTTOM = 24;

export function LineChart({ title, series, testId }: { title: string; series: SeriesPoint[]; testId: string }) {
  const titleId = useId();
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const points = seriesPoints(series, plotW, plotH).map((p) => ({ ...p, x: p.x + LEFT, y: p.y + TOP }));
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
  return (
    <figure class="chart" data-testid={testId} data-points={points.length}>
      <svg
        role="img"
        aria-labelledby={titleId}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={titleId}>{title}</title>
        {[0, 0.5, 1].map((tick) => {
          const y = TOP + (1 - tick) * plotH;
          return (
            <g key={tick} class="chart-tick">
              <line x1={LEFT} x2={WIDTH - RIGHT} y1={y} y2={y} />
              <text x={LEFT - 6} y={y} text-anchor="end" dominant-baseline="central">
                {formatScore(tick)}
              </text>
            </g>
          );
        })}
        {points.length > 1 && <path d={path} class="chart-line" fill="none" />}
        {points.map((p) => (
          <circle key={p.at} cx={p.x} cy={p.y} r={3.5} class="chart-point" data-testid="chart-point" data-score={p.score} />
        ))}
        {points.length > 0 && (
          <>
            <text x={LEFT} y={HEIGHT - 6} class="chart-label">
              {formatDate(points[0].at)}
            </text>
            {points.length > 1 && (
              <text x={WIDTH - RIGHT} y={HEIGHT - 6} text-anchor="end" class="chart-label">
                {formatDate(points[points.length - 1].at)}
              </text>
            )}
          </>
        )}
      </svg>
    </figure>
  );
}
