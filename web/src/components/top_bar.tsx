// The top bar: product name, organisation switcher, who is signed in, language and logout.
import { t } from '../i18n';
import { kindLabel, roleLabel } from '../format';
import type { Org, Session } from '../types';
import { LangSelect } from './lang_select';

interface Props {
  session: Session;
  /** Organisations to switch between; null hides the switcher. */
  orgs: Org[] | null;
  selectedOrgId: number;
  onSelectOrg: (id: number) => void;
  onLogout: () => void;
}

export function TopBar({ session, orgs, selectedOrgId, onSelectOrg, onLogout }: Props) {
  const { user, org } = session;
  return (
    <header class="topbar" data-testid="topbar">
      <div class="brand">
        <img src="./favicon.svg" alt="" width={28} height={28} />
        <span>{t('app.name')}</span>
      </div>
      {orgs && (
        <label class="org-switcher">
          <span class="org-switcher-label">{t('orgSwitcher.label')}</span>
          <select
            data-testid="org-switcher"
            value={String(selectedOrgId)}
            onChange={(e) => onSelectOrg(Number((e.currentTarget as HTMLSelectElement).value))}
          >
            {orgs.map((o) => (
              <option key={o.id} value={String(o.id)}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <div class="topbar-end">
        <div class="whoami" title={`${user.display_name || user.username} · ${org.name}`}>
          <span class="whoami-name" data-testid="user-name">
            {user.display_name || user.username}
            <span class="whoami-role"> · {roleLabel(user.role)}</span>
          </span>
          <span class="whoami-org">
            <span data-testid="org-name">{org.name}</span>{' '}
            <span class={`badge badge-${org.kind}`} data-testid="org-kind">
              {kindLabel(org.kind)}
            </span>
          </span>
        </div>
        <LangSelect />
        <button type="button" class="button-secondary" data-testid="logout" onClick={onLogout}>
          {t('auth.logout')}
        </button>
      </div>
    </header>
  );
}
