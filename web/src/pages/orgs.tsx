// "Organisations & users": the selected organisation's details, users and API tokens, and for
// the regulator's admins the registration of new organisations.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { formatDateTime, kindLabel, sectorLabel } from '../format';
import { canListUsers, canManageOrg, canRegisterOrg, type Viewer } from '../nav';
import { ORG_KINDS, SECTORS, type Org, type Session } from '../types';
import { UsersSection } from './users_section';
import { TokensSection } from './tokens_section';

interface Props {
  session: Session;
  org: Org;
  onOrgCreated: (org: Org) => void | Promise<void>;
}

export function OrgsPage({ session, org, onOrgCreated }: Props) {
  const viewer: Viewer = {
    orgKind: session.org.kind,
    role: session.user.role,
    orgId: session.org.id,
  };
  const manage = canManageOrg(viewer, org.id);
  return (
    <section data-testid="page-orgs" aria-labelledby="orgs-title">
      <h1 id="orgs-title">{t('nav.orgs')}</h1>
      <OrgDetails org={org} />
      {canListUsers(viewer, org.id) ? (
        <UsersSection org={org} manage={manage} selfId={session.user.id} />
      ) : (
        <p class="alert alert-info" data-testid="users-hidden">
          {t('users.notVisible')}
        </p>
      )}
      {manage && <TokensSection org={org} />}
      {canRegisterOrg(viewer.orgKind, viewer.role) && <NewOrgForm onCreated={onOrgCreated} />}
    </section>
  );
}

function OrgDetails({ org }: { org: Org }) {
  return (
    <article class="card" data-testid="org-details">
      <h2>{org.name}</h2>
      <dl class="facts facts-inline">
        <dt>{t('org.kind')}</dt>
        <dd>
          <span class={`badge badge-${org.kind}`}>{kindLabel(org.kind)}</span>
        </dd>
        <dt>{t('org.sector')}</dt>
        <dd>{sectorLabel(org.sector)}</dd>
        <dt>{t('org.id')}</dt>
        <dd>{org.id}</dd>
        <dt>{t('common.createdAt')}</dt>
        <dd>{formatDateTime(org.created_at)}</dd>
      </dl>
    </article>
  );
}

function NewOrgForm({ onCreated }: { onCreated: (org: Org) => void | Promise<void> }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string>('operator');
  const [sector, setSector] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const org = await api.createOrg({ name: name.trim(), kind, sector });
      setName('');
      setSector('');
      setDone(t('orgs.created', { name: org.name }));
      await onCreated(org);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class="card">
      <h2>{t('orgs.register')}</h2>
      <form class="form-grid" onSubmit={submit} data-testid="new-org-form">
        <label class="field">
          <span>{t('org.name')}</span>
          <input
            data-testid="new-org-name"
            required
            maxLength={200}
            value={name}
            onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          <span>{t('org.kind')}</span>
          <select
            data-testid="new-org-kind"
            value={kind}
            onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)}
          >
            {ORG_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t('org.sector')}</span>
          <select
            data-testid="new-org-sector"
            value={sector}
            onChange={(e) => setSector((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t('org.noSector')}</option>
            {SECTORS.map((s) => (
              <option key={s} value={s}>
                {sectorLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={busy} data-testid="new-org-submit">
            {t('orgs.registerSubmit')}
          </button>
        </div>
      </form>
      {error && (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p class="alert alert-success" role="status">
          {done}
        </p>
      )}
    </article>
  );
}
