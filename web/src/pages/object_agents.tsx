// The host assessment agents of one CII object: who reports (host, key, last results), a
// one-time enrolment token for a new host (shown once, with the command to run there), the
// enrolment of an air-gapped host from its request file, and revocation of a lost or retired
// host. Their results show in the object's assessment.
import { useState } from 'preact/hooks';
import { api } from '../api';
import {
  OFFLINE_ENROL_COMMAND,
  agentState,
  agentsOfObject,
  enrolCommand,
  MAX_ENROLMENT_REQUEST_BYTES,
  parseEnrolmentRequest,
  type Agent,
  type Enrolment,
} from '../agents';
import { errorText } from '../errors';
import { formatDateTime } from '../format';
import { useLoad } from '../hooks';
import { t, tDynamic } from '../i18n';
import { DataTable } from '../components/data_table';

export function ObjectAgents({ objectId, ownerOrg, canManage }: { objectId: number; ownerOrg: number; canManage: boolean }) {
  const agents = useLoad(() => api.listAgents(ownerOrg), [ownerOrg]);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [requestFile, setRequestFile] = useState<File | null>(null);
  const [offlineEnrolled, setOfflineEnrolled] = useState<Agent | null>(null);
  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const mine = agentsOfObject(agents.data?.items ?? [], objectId);
  return (
    <article class="card" aria-labelledby="object-agents-title" data-testid="object-agents">
      <h2 id="object-agents-title">{t('agents.heading')}</h2>
      <p class="muted">{t('agents.help')}</p>
      {agents.error && <p class="alert alert-error">{agents.error}</p>}
      {agents.data && mine.length === 0 && <p data-testid="agents-none">{t('agents.none')}</p>}
      {mine.length > 0 && (
        <div class="table-wrap">
          <DataTable
            testId="agents-table"
            headings={[
              t('agents.host'),
              t('agents.key'),
              t('agents.enrolled'),
              t('agents.lastSeen'),
              t('agents.state'),
              canManage && t('common.actions'),
            ]}
          >
            {mine.map((a) => (
              <tr
                key={a.id}
                data-testid="agent-row"
                data-host={a.hostname}
                data-state={agentState(a)}
                data-offline={a.offline ? 'true' : 'false'}
              >
                <td>
                  {a.hostname}
                  {a.offline && (
                    <>
                      {' '}
                      <span class="badge" data-testid="agent-offline">
                        {t('agents.offline.badge')}
                      </span>
                    </>
                  )}
                </td>
                <td>
                  <code>{a.key_id}</code>
                </td>
                <td>{formatDateTime(a.enrolled_at)}</td>
                <td>{a.last_seen_at ? `${formatDateTime(a.last_seen_at)} (#${a.last_sequence})` : '—'}</td>
                <td data-testid="agent-state">{tDynamic(`agents.state.${agentState(a)}`, agentState(a))}</td>
                {canManage && (
                  <td>
                    {!a.revoked && (
                      <button
                        type="button"
                        class="button-link"
                        disabled={busy}
                        data-testid="agent-revoke"
                        onClick={() =>
                          confirm(t('agents.revokeConfirm', { host: a.hostname })) &&
                          void act(async () => {
                            await api.revokeAgent(a.id);
                            agents.reload();
                          })
                        }
                      >
                        {t('agents.revoke')}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </DataTable>
        </div>
      )}
      {canManage && (
        <div class="form-actions">
          <button
            type="button"
            class="button-secondary"
            disabled={busy}
            data-testid="agent-enrol"
            onClick={() => void act(async () => setEnrolment(await api.createAgentEnrolment(objectId)))}
          >
            {t('agents.enrol')}
          </button>
        </div>
      )}
      {enrolment && (
        <div class="alert" role="status" data-testid="agent-enrolment">
          <p>{t('agents.tokenOnce', { at: formatDateTime(enrolment.expires_at) })}</p>
          <pre>
            <code data-testid="agent-enrol-command">{enrolCommand(location.origin, enrolment.token)}</code>
          </pre>
        </div>
      )}
      {canManage && (
        <form
          class="subform"
          data-testid="agent-offline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const file = requestFile;
            if (!file) return;
            void act(async () => {
              setOfflineEnrolled(null);
              const parsed = file.size <= MAX_ENROLMENT_REQUEST_BYTES ? parseEnrolmentRequest(await file.text()) : null;
              if (!parsed) {
                setError(t('agents.offline.badFile'));
                return;
              }
              setOfflineEnrolled(await api.enrolOfflineAgent(objectId, parsed));
              agents.reload();
            });
          }}
        >
          <h3>{t('agents.offline.heading')}</h3>
          <p class="muted">{t('agents.offline.help')}</p>
          <pre>
            <code data-testid="agent-offline-command">{OFFLINE_ENROL_COMMAND}</code>
          </pre>
          <label class="field">
            <span>{t('agents.offline.file')}</span>
            <input
              type="file"
              required
              accept=".json,application/json"
              data-testid="agent-offline-file"
              disabled={busy}
              onChange={(e) => setRequestFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
            />
          </label>
          <div class="form-actions">
            <button type="submit" class="button-secondary" disabled={busy || !requestFile} data-testid="agent-offline-submit">
              {t('agents.offline.submit')}
            </button>
          </div>
        </form>
      )}
      {offlineEnrolled && (
        <p class="alert" role="status" data-testid="agent-offline-done">
          {t('agents.offline.done', { host: offlineEnrolled.hostname, key: offlineEnrolled.key_id })}
        </p>
      )}
      {error && (
        <p class="alert alert-error" role="alert" data-testid="agents-error">
          {error}
        </p>
      )}
    </article>
  );
}
