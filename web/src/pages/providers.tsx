// The public list of cyber-security service providers (no login needed): their declared services
// and sectors, and their conformity status from their latest accepted assessment against the
// provider profile.
import { api } from '../api';
import { t } from '../i18n';
import { conformityLabel, formatDate, formatScore, sectorLabel } from '../format';
import { usePagedList } from '../hooks';
import { LoadMore } from '../components/load_more';

const PAGE_SIZE = 100;

export function ProvidersPage() {
  const list = usePagedList((cursor) => api.listProviders({ limit: PAGE_SIZE, cursor }), []);
  return (
    <section data-testid="page-providers" aria-labelledby="providers-title">
      <h1 id="providers-title">{t('nav.providers')}</h1>
      <p class="muted">{t('providers.help')}</p>
      {list.error && (
        <p class="alert alert-error" role="alert" data-testid="providers-error">
          {list.error}
        </p>
      )}
      <div class="table-wrap card">
        <table data-testid="providers-table" aria-busy={list.loading}>
          <caption class="visually-hidden">{t('nav.providers')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('org.name')}</th>
              <th scope="col">{t('providers.services')}</th>
              <th scope="col">{t('providers.sectors')}</th>
              <th scope="col">{t('providers.conformity')}</th>
              <th scope="col">{t('assessment.score')}</th>
              <th scope="col">{t('providers.assessedAt')}</th>
              <th scope="col">{t('providers.contact')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((p) => (
              <tr key={p.org_id} data-testid="provider-row" data-provider={p.name} data-conformity={p.conformity}>
                <td>
                  <strong>{p.name}</strong>
                  {p.description && <div class="muted">{p.description}</div>}
                </td>
                <td>{p.services.join(', ') || '—'}</td>
                <td>{p.sectors.map((s) => sectorLabel(s)).join(', ') || '—'}</td>
                <td>
                  <span class={`badge badge-conformity-${p.conformity}`} data-testid="provider-conformity">
                    {conformityLabel(p.conformity)}
                  </span>
                </td>
                <td>{formatScore(p.score)}</td>
                <td>{formatDate(p.assessed_at)}</td>
                <td>{p.contact || '—'}</td>
              </tr>
            ))}
            {!list.loading && !list.error && list.items.length === 0 && (
              <tr>
                <td colSpan={7} class="empty">
                  {t('providers.empty')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <LoadMore next={list.next} busy={list.loading} onClick={list.more} testId="providers-more" />
    </section>
  );
}
