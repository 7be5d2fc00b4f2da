// The public list of cyber-security service providers (no login needed): their declared services
// and sectors, and their conformity status from their latest accepted assessment against the
// provider profile. A provider's admins and officers declare their services here too.
import { useState } from 'preact/hooks';
import { api, fetchAll } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { conformityLabel, formatDate, formatScore, sectorLabel } from '../format';
import { useLoad, usePagedList } from '../hooks';
import { canDeclareServices } from '../nav';
import { parseServices } from '../registry';
import { SECTORS, type Provider, type Session } from '../types';
import { LoadMore } from '../components/load_more';
import { DataTable } from '../components/data_table';

const PAGE_SIZE = 100;

/** `session` is null for visitors who are not signed in. */
export function ProvidersPage({ session = null }: { session?: Session | null }) {
  const list = usePagedList((cursor) => api.listProviders({ limit: PAGE_SIZE, cursor }), []);
  const declares = session !== null && canDeclareServices(session.org.kind, session.user.role);
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
        <DataTable
          load={list}
          testId="providers-table"
          caption={t('nav.providers')}
          headings={[
            t('org.name'),
            t('providers.services'),
            t('providers.sectors'),
            t('providers.conformity'),
            t('assessment.score'),
            t('providers.assessedAt'),
            t('providers.contact'),
          ]}
          empty={t('providers.empty')}
        >
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
        </DataTable>
      </div>
      <LoadMore next={list.next} busy={list.loading} onClick={list.more} testId="providers-more" />
      {declares && session && <DeclarationForm orgId={session.org.id} onDeclared={list.reload} />}
    </section>
  );
}

function DeclarationForm({ orgId, onDeclared }: { orgId: number; onDeclared: () => void }) {
  // The current declaration, if any, from the public list (GET /providers/{org} would answer 404
  // before the first declaration).
  const current = useLoad(
    async () =>
      (await fetchAll((cursor) => api.listProviders({ limit: 1000, cursor }))).find((p) => p.org_id === orgId) ??
      null,
    [orgId],
  );
  if (current.error) {
    return (
      <p class="alert alert-error" role="alert">
        {current.error}
      </p>
    );
  }
  return current.loading && !current.data ? null : (
    <DeclarationFields key={current.data?.updated_at ?? 'new'} orgId={orgId} current={current.data} onDeclared={onDeclared} />
  );
}

function DeclarationFields({
  orgId,
  current,
  onDeclared,
}: {
  orgId: number;
  current: Provider | null;
  onDeclared: () => void;
}) {
  const [services, setServices] = useState((current?.services ?? []).join(', '));
  const [sectors, setSectors] = useState<string[]>(current?.sectors ?? []);
  const [description, setDescription] = useState(current?.description ?? '');
  const [contact, setContact] = useState(current?.contact ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const toggle = (sector: string) =>
    setSectors(sectors.includes(sector) ? sectors.filter((s) => s !== sector) : [...sectors, sector]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const list = parseServices(services);
    if (list.length === 0) {
      setError(t('declaration.servicesRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await api.declareProvider(orgId, {
        services: list,
        sectors: SECTORS.filter((s) => sectors.includes(s)),
        description: description.trim(),
        contact: contact.trim(),
      });
      setDone(true);
      onDeclared();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class="card" aria-labelledby="declaration-title">
      <h2 id="declaration-title">{t('declaration.title')}</h2>
      <p class="muted">{t('declaration.help')}</p>
      <form class="form-grid" onSubmit={submit} data-testid="declaration-form">
        <label class="field field-wide">
          <span>{t('providers.services')}</span>
          <input
            data-testid="declaration-services"
            required
            maxLength={2000}
            aria-describedby="declaration-services-help"
            value={services}
            onInput={(e) => setServices((e.currentTarget as HTMLInputElement).value)}
          />
          <small id="declaration-services-help" class="muted">
            {t('declaration.servicesHelp')}
          </small>
        </label>
        <fieldset class="field field-wide result-choice">
          <legend>{t('providers.sectors')}</legend>
          {SECTORS.map((s) => (
            <label class="check" key={s}>
              <input
                type="checkbox"
                data-testid={`declaration-sector-${s}`}
                checked={sectors.includes(s)}
                onChange={() => toggle(s)}
              />
              {sectorLabel(s)}
            </label>
          ))}
        </fieldset>
        <label class="field field-wide">
          <span>{t('object.description')}</span>
          <textarea
            data-testid="declaration-description"
            rows={2}
            maxLength={2000}
            value={description}
            onInput={(e) => setDescription((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        <label class="field">
          <span>{t('providers.contact')}</span>
          <input
            data-testid="declaration-contact"
            maxLength={200}
            value={contact}
            onInput={(e) => setContact((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={busy} data-testid="declaration-submit">
            {t('declaration.submit')}
          </button>
        </div>
      </form>
      {error && (
        <p class="alert alert-error" role="alert" data-testid="declaration-error">
          {error}
        </p>
      )}
      {done && (
        <p class="alert alert-success" role="status" data-testid="declaration-done">
          {t('declaration.done')}
        </p>
      )}
    </article>
  );
}
