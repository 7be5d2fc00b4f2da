// A column chart of counts per day in plain SVG: one column a day, the first and last dates on
// the axis, each column's date and value in its tooltip. The numbers are also in the summary
// next to it, so screen readers get the title rather than every column.
import { useId } from 'preact/hooks';
import { getLocale } from '../i18n';
import { niceMax } from '../intel';
import type { DaySightings } from '../types';

const WIDTH = 340;
const HEIGHT = 120;
const LEFT = 28; // room for the axis values
const TOP = 6;
const AXIS = 20;

export function TimeChart({ title, days, testId }: { title: string; days: DaySightings[]; testId: string }) {
  const titleId = useId();
  const number = new Intl.NumberFormat(getLocale());
  const dates = new Intl.DateTimeFormat(getLocale(), { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const dateOf = (d: DaySightings) => dates.format(new Date(`${d.date}T00:00:00Z`));
  const max = niceMax(Math.max(0, ...days.map((d) => d.count)));
  const plotHeight = HEIGHT - TOP - AXIS;
  const step = days.length > 0 ? (WIDTH - LEFT) / days.length : 0;
  const column = Math.max(1, Math.min(18, step - 2));
  return (
    <figure class="chart" data-testid={testId}>
      <svg
        role="img"
        aria-labelledby={titleId}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={titleId}>{title}</title>
        {[0, max].map((tick) => {
          const y = TOP + plotHeight - (plotHeight * tick) / max;
          return (
            <g key={tick} class="chart-tick">
              <line x1={LEFT} x2={WIDTH} y1={y} y2={y} />
              <text x={LEFT - 4} y={y} text-anchor="end" dominant-baseline="central">
                {number.format(tick)}
              </text>
            </g>
          );
        })}
        {days.map((d, i) => {
          const h = (plotHeight * d.count) / max;
          return (
            <rect
              key={d.date}
              data-testid="chart-day"
              data-date={d.date}
              data-value={d.count}
              x={LEFT + i * step + (step - column) / 2}
              y={TOP + plotHeight - h}
              width={column}
              height={Math.max(h, d.count > 0 ? 1 : 0)}
              class="chart-bar"
            >
              <title>{`${dateOf(d)}: ${number.format(d.count)}`}</title>
            </rect>
          );
        })}
        {days.length > 0 && (
          <g class="chart-tick">
            <text x={LEFT} y={HEIGHT - 4} text-anchor="start">
              {dateOf(days[0])}
            </text>
            {days.length > 1 && (
              <text x={WIDTH} y={HEIGHT - 4} text-anchor="end">
                {dateOf(days[days.length - 1])}
              </text>
            )}
          </g>
        )}
      </svg>
    </figure>
  );
}
