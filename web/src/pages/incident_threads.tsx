// An incident's conversation: the CERT's requests for information (asked by the CERT, answered
// by the reporting operator) and the timeline of what happened, with notes.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { errorText } from '../errors';
import { t, tDynamic } from '../i18n';
import { formatDateTime } from '../format';
import { usePagedList } from '../hooks';
import type { Incident, Rfi } from '../types';
import { LoadMore } from '../components/load_more';

export function Rfis({
  incident,
  round,
  canAnswer,
  canAsk,
  onChanged,
}: {
  incident: Incident;
  round: number;
  canAnswer: boolean;
  canAsk: boolean;
  onChanged: () => void;
}) {
  const list = usePagedList((cursor) => api.incidentRfis(incident.id, { limit: 100, cursor }), [incident.id, round]);
  const [question, setQuestion] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ask = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.askRfi(incident.id, question.trim());
      setQuestion('');
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section class="card" aria-labelledby="rfis-title">
      <h3 id="rfis-title">{t('incident.rfis')}</h3>
      {list.error && <p class="alert alert-error">{list.error}</p>}
      {list.items.length === 0 && !list.loading && <p class="muted">{t('incident.noRfis')}</p>}
      <ul class="plain-list">
        {list.items.map((r) => (
          <RfiItem key={r.id} incidentId={incident.id} rfi={r} canAnswer={canAnswer} onChanged={onChanged} />
        ))}
      </ul>
      <LoadMore next={list.next} busy={list.loading} onClick={list.more} testId="rfis-more" />
      {canAsk && (
        <form class="inline-form" onSubmit={ask}>
          <label class="field field-wide">
            <span>{t('incident.question')}</span>
            <textarea data-testid="rfi-question" required rows={2} maxLength={4000} value={question} onInput={(e) => setQuestion((e.currentTarget as HTMLTextAreaElement).value)} />
          </label>
          <button type="submit" class="button-secondary" data-testid="rfi-ask">
            {t('incident.ask')}
          </button>
        </form>
      )}
      {error && (
        <p class="alert alert-error" role="alert" data-testid="rfi-error">
          {error}
        </p>
      )}
    </section>
  );
}

function RfiItem({ incidentId, rfi, canAnswer, onChanged }: { incidentId: number; rfi: Rfi; canAnswer: boolean; onChanged: () => void }) {
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.answerRfi(incidentId, rfi.id, answer.trim());
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <li data-testid="rfi" data-rfi-id={rfi.id} data-answered={rfi.answer !== null ? 'true' : 'false'}>
      <p>
        <strong data-testid="rfi-question-text">{rfi.question}</strong>{' '}
        <small class="muted">
          {rfi.asked_by} · {formatDateTime(rfi.asked_at)}
        </small>
      </p>
      {rfi.answer !== null ? (
        <p data-testid="rfi-answer-text">
          {rfi.answer}{' '}
          <small class="muted">
            {rfi.answered_by} · {formatDateTime(rfi.answered_at)}
          </small>
        </p>
      ) : canAnswer ? (
        <form class="inline-form" onSubmit={send}>
          <label class="field field-wide">
            <span>{t('incident.answer')}</span>
            <textarea data-testid="rfi-answer" required rows={2} maxLength={4000} value={answer} onInput={(e) => setAnswer((e.currentTarget as HTMLTextAreaElement).value)} />
          </label>
          <button type="submit" class="button-primary" data-testid="rfi-answer-send">
            {t('incident.sendAnswer')}
          </button>
        </form>
      ) : (
        <p class="muted">{t('incident.unanswered')}</p>
      )}
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function Timeline({ incident, round, canNote, onChanged }: { incident: Incident; round: number; canNote: boolean; onChanged: () => void }) {
  const list = usePagedList((cursor) => api.incidentTimeline(incident.id, { limit: 100, cursor }), [incident.id, round]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.addIncidentNote(incident.id, text.trim());
      setText('');
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section class="card" aria-labelledby="timeline-title">
      <h3 id="timeline-title">{t('incident.timeline')}</h3>
      {list.error && <p class="alert alert-error">{list.error}</p>}
      <ol class="timeline" data-testid="timeline">
        {list.items.map((e) => (
          <li key={e.id} data-testid="timeline-entry" data-kind={e.kind}>
            <small class="muted">
              {formatDateTime(e.at)} · {e.actor} · {tDynamic(`timelineKind.${e.kind}`, e.kind)}
            </small>
            <div>{e.text}</div>
          </li>
        ))}
      </ol>
      <LoadMore next={list.next} busy={list.loading} onClick={list.more} testId="timeline-more" />
      {canNote && (
        <form class="inline-form" onSubmit={add}>
          <label class="field field-wide">
            <span>{t('incident.note')}</span>
            <textarea data-testid="note-text" required rows={2} maxLength={4000} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
          </label>
          <button type="submit" class="button-secondary" data-testid="note-add">
            {t('incident.addNote')}
          </button>
        </form>
      )}
      {error && (
        <p class="alert alert-error" role="alert" data-testid="note-error">
          {error}
        </p>
      )}
    </section>
  );
}
