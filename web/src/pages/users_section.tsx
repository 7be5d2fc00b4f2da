// The users of one organisation, and for its admins: add, disable, enable.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { formatDateTime, roleLabel } from '../format';
import { usePagedList } from '../hooks';
import { ROLES, type Org, type User } from '../types';
import { LoadMore } from '../components/load_more';
import { DataTable } from '../components/data_table';

interface Props {
  org: Org;
  /** Whether the viewer administers this organisation. */
  manage: boolean;
  /** The viewer's own user id: nobody disables themself from here. */
  selfId: number;
}

export function UsersSection({ org, manage, selfId }: Props) {
  const list = usePagedList((cursor) => api.listUsers(org.id, { limit: 100, cursor }), [org.id]);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);

  const toggle = async (user: User) => {
    setBusyId(user.id);
    setActionError(null);
    try {
      await api.setUserDisabled(user.id, !user.disabled);
      list.reload();
    } catch (e) {
      setActionError(errorText(e));
    } finally {
      setBusyId(null);
    }
  };

  return (
    <article class="card" aria-labelledby="users-title">
      <h2 id="users-title">{t('users.title')}</h2>
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
          testId="users-table"
          headings={[
            t('user.username'),
            t('user.displayName'),
            t('user.role'),
            t('user.status'),
            t('common.createdAt'),
            manage && { label: t('common.actions'), hidden: true },
          ]}
          empty={t('users.empty')}
        >
          {list.items.map((user) => (
            <tr key={user.id} data-testid="user-row" data-username={user.username}>
              <td class="mono">{user.username}</td>
              <td>{user.display_name}</td>
              <td>{roleLabel(user.role)}</td>
              <td>
                <span class={user.disabled ? 'status status-off' : 'status status-on'}>
                  {user.disabled ? t('user.disabled') : t('user.active')}
                </span>
              </td>
              <td>{formatDateTime(user.created_at)}</td>
              {manage && (
                <td class="actions">
                  {user.id !== selfId && (
                    <button
                      type="button"
                      class="button-link"
                      disabled={busyId === user.id}
                      onClick={() => toggle(user)}
                    >
                      {user.disabled ? t('user.enable') : t('user.disable')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      </div>
      <LoadMore next={list.next} busy={list.loading} onClick={list.more} testId="users-more" />
      {manage && <AddUserForm orgId={org.id} onAdded={list.reload} />}
    </article>
  );
}

function AddUserForm({ orgId, onAdded }: { orgId: number; onAdded: () => void }) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<string>('staff');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const user = await api.createUser(orgId, {
        username: username.trim(),
        display_name: displayName.trim(),
        role,
        password,
      });
      setUsername('');
      setDisplayName('');
      setPassword('');
      setDone(t('users.added', { username: user.username }));
      onAdded();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <details class="subform">
      <summary data-testid="add-user-toggle">{t('users.add')}</summary>
      <form class="form-grid" onSubmit={submit} data-testid="add-user-form">
        <label class="field">
          <span>{t('user.username')}</span>
          <input
            data-testid="add-user-username"
            required
            autocomplete="off"
            autocapitalize="off"
            spellcheck={false}
            value={username}
            onInput={(e) => setUsername((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          <span>{t('user.displayName')}</span>
          <input
            data-testid="add-user-display-name"
            required
            value={displayName}
            onInput={(e) => setDisplayName((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          <span>{t('user.role')}</span>
          <select
            data-testid="add-user-role"
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
          <span>{t('user.password')}</span>
          <input
            type="password"
            data-testid="add-user-password"
            required
            autocomplete="new-password"
            value={password}
            onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={busy} data-testid="add-user-submit">
            {t('users.addSubmit')}
          </button>
        </div>
      </form>
      {error && (
        <p class="alert alert-error" role="alert" data-testid="add-user-error">
          {error}
        </p>
      )}
      {done && (
        <p class="alert alert-success" role="status" data-testid="add-user-done">
          {done}
        </p>
      )}
    </details>
  );
}
