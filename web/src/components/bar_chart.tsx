// A small horizontal bar chart in plain SVG. It is a picture of numbers shown in full by a text
// table next to it, so screen readers get its title and the table rather than every bar.
import { useId } from 'preact/hooks';
import { getLocale } from '../i18n';
import { niceMax } from '../intel';

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** A muted bar (e.g. the organisations not named to the viewer). */
  muted?: boolean;
}

const WIDTH = 340;
const LEFT = 4;
const VALUE_WIDTH = 48;
const LABEL = 16; // the organisation's name, above its bar
const BAR = 14;
const ROW = LABEL + BAR + 10;
const TOP = 4;
const AXIS = 22;

/** Shortens `text` to about `max` characters with an ellipsis. */
function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function BarChart({ title, bars, testId }: { title: string; bars: Bar[]; testId: string }) {
  const titleId = useId();
  const number = new Intl.NumberFormat(getLocale());
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const plot = WIDTH - LEFT - VALUE_WIDTH;
  const height = TOP + bars.length * ROW + AXIS;
  // Whole numbers only: counts have no halves.
  const ticks = Number.isInteger(max / 2) ? [0, max / 2, max] : [0, max];
  return (
    <figure class="chart" data-testid={testId}>
      <svg
        role="img"
        aria-labelledby={titleId}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        height={height}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={titleId}>{title}</title>
        {ticks.map((tick) => {
          const x = LEFT + (plot * tick) / max;
          return (
            <g key={tick} class="chart-tick">
              <line x1={x} x2={x} y1={TOP} y2={height - AXIS + 4} />
              <text x={x} y={height - 6} text-anchor={tick === 0 ? 'start' : 'middle'}>
                {number.format(tick)}
              </text>
            </g>
          );
        })}
        {bars.map((bar, i) => {
          const top = TOP + i * ROW;
          const y = top + LABEL;
          const w = max > 0 ? (plot * bar.value) / max : 0;
          return (
            <g key={bar.key} data-testid="chart-bar" data-value={bar.value}>
              <text x={LEFT} y={top + LABEL - 4} class="chart-label">
                {clip(bar.label, 44)}
              </text>
              <rect
                x={LEFT}
                y={y}
                width={Math.max(w, bar.value > 0 ? 2 : 0)}
                height={BAR}
                rx={3}
                class={bar.muted ? 'chart-bar muted' : 'chart-bar'}
              />
              <text x={LEFT + w + 6} y={y + BAR / 2} class="chart-value" dominant-baseline="central">
                {number.format(bar.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
