// A stage's state badge and its live countdown ("due in 5 h 12 min", "overdue by 2 h"); the
// caller passes the current time (useNow) so one timer drives every clock on the page.
import { t, tDynamic } from '../i18n';
import { countdownText, liveStageState, stageClass, stageIsOpen, type CountdownWords } from '../incidents';
import type { StageStatus } from '../types';

export function countdownWords(): CountdownWords {
  return {
    dueIn: t('incident.dueIn', { time: '{time}' }),
    overdueBy: t('incident.overdueBy', { time: '{time}' }),
    days: t('incident.days', { n: '{n}' }),
    hours: t('incident.hours', { n: '{n}' }),
    minutes: t('incident.minutes', { n: '{n}' }),
    seconds: t('incident.seconds', { n: '{n}' }),
  };
}

export const stageStateLabel = (state: string) => tDynamic(`stageState.${state}`, state);

export function StageClock({ stage, now }: { stage: StageStatus; now: number }) {
  const state = liveStageState(stage, now);
  return (
    <span class={stageClass(state)} data-testid="stage-clock" data-state={state}>
      <span class="badge stage-badge" data-testid="stage-state">
        {stageStateLabel(state)}
      </span>
      {stageIsOpen(state) && stage.due_at && (
        <span class="stage-countdown" data-testid="stage-countdown" role="timer">
          {countdownText(stage.due_at, now, countdownWords())}
        </span>
      )}
    </span>
  );
}
