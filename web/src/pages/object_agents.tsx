// The host assessment agents of one CII object: who reports (host, key, last results), a
// one-time enrolment token for a new host (shown once, with the command to run there), and
// revocation of a lost or retired host. Their results show in the object's assessment.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { agentState, agentsOfObject, enrolCommand, type Enrolment } from '../agents';
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
              <tr key={a.id} data-testid="agent-row" data-host={a.hostname} data-state={agentState(a)}>
                <td>{a.hostname}</td>
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
      {error && (
        <p class="alert alert-error" role="alert" data-testid="agents-error">
          {error}
        </p>
      )}
    </article>
  );
}
