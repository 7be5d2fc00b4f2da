// Files attached to an incident: everyone who reads the incident sees the list and downloads
// (served as attachments, never rendered); the reporting operator adds files while the incident
// is not closed, optionally naming the stage a file supports.
import { useState } from 'preact/hooks';
import { api, incidentAttachmentUrl } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { formatDateTime } from '../format';
import { useLoad } from '../hooks';
import type { Incident } from '../types';

export function Attachments({
  incident,
  round,
  canAttach,
  onChanged,
}: {
  incident: Incident;
  round: number;
  canAttach: boolean;
  onChanged: () => void;
}) {
  const list = useLoad(() => api.incidentAttachments(incident.id), [incident.id, round]);
  const items = list.data?.items ?? [];
  const closed = incident.status === 'closed';
  return (
    <section class="card" aria-labelledby="attachments-title" data-testid="attachments">
      <h3 id="attachments-title">{t('incident.attachments')}</h3>
      {list.error && <p class="alert alert-error">{list.error}</p>}
      {items.length === 0 && list.data && <p class="muted">{t('incident.noAttachments')}</p>}
      <ul class="plain-list">
        {items.map((a) => (
          <li key={a.id} data-testid="attachment-row" data-filename={a.filename}>
            <a href={incidentAttachmentUrl(incident.id, a.id)} download={a.filename} data-testid="attachment-download">
              {a.filename}
            </a>{' '}
            <span class="muted">
              {t('incident.attachmentMeta', { size: a.size, who: a.uploaded_by, at: formatDateTime(a.uploaded_at) })}
              {a.stage ? ` · ${incident.stages.find((s) => s.key === a.stage)?.name ?? a.stage}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {canAttach && closed && <p class="muted">{t('incident.attachmentsClosed')}</p>}
      {canAttach && !closed && <AttachForm incident={incident} onAttached={onChanged} />}
    </section>
  );
}

function AttachForm({ incident, onAttached }: { incident: Incident; onAttached: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const attach = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      await api.attachToIncident(incident.id, file, stage || undefined);
      (e.target as HTMLFormElement).reset();
      setFile(null);
      setStage('');
      onAttached();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="inline-form" onSubmit={attach} data-testid="attachment-form">
      <label class="field">
        <span>{t('incident.attachmentFile')}</span>
        <input
          type="file"
          required
          data-testid="attachment-file"
          onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
        />
      </label>
      <label class="field">
        <span>{t('incident.attachmentStage')}</span>
        <select data-testid="attachment-stage" value={stage} onChange={(e) => setStage((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">{t('incident.attachmentNoStage')}</option>
          {incident.stages.map((s) => (
            <option key={s.key} value={s.key}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="button-secondary" disabled={busy || !file} data-testid="attachment-upload">
        {t('incident.attach')}
      </button>
      {error && (
        <p class="alert alert-error" role="alert" data-testid="attachment-error">
          {error}
        </p>
      )}
    </form>
  );
}
