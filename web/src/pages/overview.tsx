// The landing page: who you are, your organisation and, for the regulator and CERT, the
// organisations under oversight by kind.
import { Fragment } from 'preact';
import { t } from '../i18n';
import { formatDateTime, kindLabel, roleLabel, sectorLabel } from '../format';
import { canSwitchOrg } from '../nav';
import { ORG_KINDS, type Org, type Session } from '../types';

export function OverviewPage({ session, orgs }: { session: Session; orgs: Org[] }) {
  const { user, org } = session;
  return (
    <section data-testid="page-overview" aria-labelledby="overview-title">
      <h1 id="overview-title">{t('nav.overview')}</h1>
      <p class="lead">{t('overview.welcome', { name: user.display_name || user.username })}</p>
      <div class="cards">
        <article class="card">
          <h2>{t('overview.yourOrg')}</h2>
          <dl class="facts">
            <dt>{t('org.name')}</dt>
            <dd>{org.name}</dd>
            <dt>{t('org.kind')}</dt>
            <dd>{kindLabel(org.kind)}</dd>
            <dt>{t('org.sector')}</dt>
            <dd>{sectorLabel(org.sector)}</dd>
          </dl>
        </article>
        <article class="card">
          <h2>{t('overview.yourAccount')}</h2>
          <dl class="facts">
            <dt>{t('user.username')}</dt>
            <dd>{user.username}</dd>
            <dt>{t('user.role')}</dt>
            <dd>{roleLabel(user.role)}</dd>
            <dt>{t('common.createdAt')}</dt>
            <dd>{formatDateTime(user.created_at)}</dd>
          </dl>
        </article>
        {canSwitchOrg(org.kind) && (
          <article class="card" data-testid="overview-orgs">
            <h2>{t('overview.orgsByKind')}</h2>
            <dl class="facts">
              {ORG_KINDS.map((kind) => (
                <Fragment key={kind}>
                  <dt>{kindLabel(kind)}</dt>
                  <dd>{orgs.filter((o) => o.kind === kind).length}</dd>
                </Fragment>
              ))}
            </dl>
            <p class="muted">{t('overview.orgsTotal', { count: orgs.length })}</p>
          </article>
        )}
      </div>
    </section>
  );
}
