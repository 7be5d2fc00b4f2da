// API tokens of one organisation: list, create (the secret is shown once) and revoke.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { displayValue, formatDateTime, roleLabel } from '../format';
import { usePagedList } from '../hooks';
import { ROLES, type CreatedToken, type Org, type Token } from '../types';
import { LoadMore } from '../components/load_more';
import { DataTable } from '../components/data_table';

export function TokensSection({ org }: { org: Org }) {
  const list = usePagedList((cursor) => api.listTokens(org.id, { limit: 100, cursor }), [org.id]);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);

  const revoke = async (token: Token) => {
    if (!window.confirm(t('tokens.revokeConfirm', { name: token.name }))) return;
    setBusyId(token.id);
    setActionError(null);
    try {
      await api.revokeToken(token.id);
      list.reload();
    } catch (e) {
      setActionError(errorText(e));
    } finally {
      setBusyId(null);
    }
  };

  return (
    <article class="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('tokens.title')}</h2>
      <p class="muted">{t('tokens.help')}</p>
      {created && <SecretBox created={created} onDismiss={() => setCreated(null)} />}
      {list.error && (
        <p class="alert alert-error" role="alert">
          {list.error}
        </p>
      )}
      {actionError && (
        <p class="alert alert-error" role="alert">
          {actionError}
        </p>
      )}
      <div class="table-wrap">
        <DataTable
          load={list}
          testId="tokens-table"
          headings={[
            t('token.name'),
            t('user.role'),
            t('token.createdBy'),
            t('common.createdAt'),
            t('token.expiresAt'),
            t('user.status'),
            { label: t('common.actions'), hidden: true },
          ]}
          empty={t('tokens.empty')}
        >
          {list.items.map((token) => (
            <tr key={token.id} data-testid="token-row" data-token-name={token.name}>
              <td>{token.name}</td>
              <td>{roleLabel(token.role)}</td>
              <td>{displayValue(token.created_by)}</td>
              <td>{formatDateTime(token.created_at)}</td>
              <td>{token.expires_at ? formatDateTime(token.expires_at) : t('token.never')}</td>
              <td>
                {token.revoked_at ? (
                  <span class="status status-off" data-testid="token-status">
                    {t('token.revokedAt', { at: formatDateTime(token.revoked_at) })}
                  </span>
                ) : (
                  <span class="status status-on" data-testid="token-status">
                    {t('token.active')}
                  </span>
                )}
              </td>
              <td class="actions">
                {!token.revoked_at && (
                  <button
                    type="button"
                    class="button-link danger"
                    data-testid="token-revoke"
                    disabled={busyId === token.id}
                    onClick={() => revoke(token)}
                  >
                    {t('token.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </div>
      <LoadMore next={list.next} busy={list.loading} onClick={list.more} testId="tokens-more" />
      <NewTokenForm
        orgId={org.id}
        onCreated={(c) => {
          setCreated(c);
          list.reload();
        }}
      />
    </article>
  );
}

function SecretBox({ created, onDismiss }: { created: CreatedToken; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div class="secret-box" role="status" data-testid="token-secret-box">
      <p>
        <strong>{t('tokens.secretTitle', { name: created.token.name })}</strong>{' '}
        {t('tokens.secretOnce')}
      </p>
      <code class="secret" data-testid="token-secret">
        {created.secret}
      </code>
      <div class="secret-actions">
        <button type="button" class="button-secondary" onClick={copy}>
          {copied ? t('tokens.copied') : t('tokens.copy')}
        </button>
        <button type="button" class="button-link" data-testid="token-secret-dismiss" onClick={onDismiss}>
          {t('tokens.dismiss')}
        </button>
      </div>
    </div>
  );
}

function NewTokenForm({
  orgId,
  onCreated,
}: {
  orgId: number;
  onCreated: (created: CreatedToken) => void;
}) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<string>('analyst');
  const [days, setDays] = useState('90');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.createToken(orgId, {
        name: name.trim(),
        role,
        expires_in_days: Number(days),
      });
      setName('');
      onCreated(created);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <details class="subform">
      <summary data-testid="new-token-toggle">{t('tokens.create')}</summary>
      <form class="form-grid" onSubmit={submit} data-testid="new-token-form">
        <label class="field">
          <span>{t('token.name')}</span>
          <input
            data-testid="new-token-name"
            required
            maxLength={100}
            value={name}
            onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          <span>{t('user.role')}</span>
          <select
            data-testid="new-token-role"
            value={role}
            onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t('token.expiresInDays')}</span>
          <input
            type="number"
            data-testid="new-token-days"
            required
            min={1}
            max={3650}
            value={days}
            onInput={(e) => setDays((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={busy} data-testid="new-token-submit">
            {t('tokens.createSubmit')}
          </button>
        </div>
      </form>
      {error && (
        <p class="alert alert-error" role="alert" data-testid="new-token-error">
          {error}
        </p>
      )}
    </details>
  );
}
