// A labelled progress bar: the native <progress> element, so assistive technology announces
// its value, with the count written out beside it.
import { useId } from 'preact/hooks';
import { percent } from '../registry';

export function ProgressBar({
  label,
  value,
  max,
  text,
  testId,
}: {
  label: string;
  value: number;
  max: number;
  /** The visible count, e.g. "3 of 10 answered". */
  text: string;
  testId: string;
}) {
  const id = useId();
  return (
    <div class="progress" data-testid={testId} data-value={value} data-max={max}>
      <label for={id} class="progress-label">
        {label}
      </label>
      <progress id={id} value={value} max={Math.max(max, 1)} aria-valuetext={text}>
        {percent(value, max)}%
      </progress>
      <span class="progress-text">{text}</span>
    </div>
  );
}
