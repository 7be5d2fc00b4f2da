// The CII registry: the organisation's CII objects with their categories (every operator's for
// the regulator, with a filter), the form to register one, and an object's own page
// (src/pages/registry_object.tsx) under #/registry/<id>.
import { useState } from 'preact/hooks';
import { api, type NewObject } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { categoryLabel, categoryStatusLabel, objectKindLabel, sectorLabel } from '../format';
import { usePagedList } from '../hooks';
import { canWriteObjects } from '../nav';
import { parseIdList, parseIdRoute, registryHref } from '../registry';
import { useHash } from '../route';
import { SECTORS, type CiiObject, type Org, type Session } from '../types';
import { LoadMore } from '../components/load_more';
import { ObjectPage } from './registry_object';
import { ObjectImport } from './object_import';
import { OrgSelect } from '../components/org_select';
import { DataTable } from '../components/data_table';

const PAGE_SIZE = 100;

export function RegistryPage({ session, orgs }: { session: Session; orgs: Org[] }) {
  const hash = useHash();
  const objectId = parseIdRoute(hash, 'registry');
  const orgName = (id: number) =>
    orgs.find((o) => o.id === id)?.name ?? (id === session.org.id ? session.org.name : `#${id}`);
  return (
    <section data-testid="page-registry" aria-labelledby="registry-title">
      <h1 id="registry-title">{t('nav.registry')}</h1>
      {objectId === null ? (
        <ObjectList session={session} orgs={orgs} orgName={orgName} />
      ) : (
        <ObjectPage key={objectId} session={session} objectId={objectId} orgName={orgName} />
      )}
    </section>
  );
}

export function CategoryBadge({ object }: { object: Pick<CiiObject, 'category' | 'category_status'> }) {
  return (
    <span class="badges">
      <span class={`badge badge-category badge-cat-${object.category ?? 'none'}`} data-testid="object-category">
        {categoryLabel(object.category)}
      </span>
      {object.category_status && (
        <span class={`badge badge-catstatus-${object.category_status}`} data-testid="object-category-status">
          {categoryStatusLabel(object.category_status)}
        </span>
      )}
    </span>
  );
}

function ObjectList({
  session,
  orgs,
  orgName,
}: {
  session: Session;
  orgs: Org[];
  orgName: (id: number) => string;
}) {
  const regulator = session.org.kind === 'regulator';
  const [org, setOrg] = useState('');
  const [category, setCategory] = useState('');
  const list = usePagedList(
    (cursor) =>
      api.listObjects({
        limit: PAGE_SIZE,
        cursor,
        org: org ? Number(org) : null,
        category: category === '' ? null : Number(category),
      }),
    [org, category],
  );
  const operators = orgs.filter((o) => o.kind === 'operator');
  return (
    <>
      <p class="muted">{regulator ? t('registry.helpRegulator') : t('registry.help')}</p>
      <div class="filters" data-testid="registry-filters">
        {regulator && (
          <OrgSelect
            label={t('registry.owner')}
            orgs={operators}
            value={org}
            onChange={setOrg}
            testId="registry-filter-org"
            emptyLabel={t('registry.allOperators')}
          />
        )}
        <label class="field">
          <span>{t('registry.category')}</span>
          <select
            data-testid="registry-filter-category"
            value={category}
            onChange={(e) => setCategory((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t('registry.anyCategory')}</option>
            {[1, 2, 3].map((c) => (
              <option key={c} value={c}>
                {categoryLabel(c)}
              </option>
            ))}
            <option value="0">{categoryLabel(null)}</option>
          </select>
        </label>
      </div>
      {list.error && (
        <p class="alert alert-error" role="alert" data-testid="registry-error">
          {list.error}
        </p>
      )}
      <div class="table-wrap card">
        <DataTable
          load={list}
          testId="objects-table"
          caption={t('registry.objects')}
          headings={[
            t('object.name'),
            t('object.kind'),
            t('object.sector'),
            regulator && t('registry.owner'),
            t('registry.category'),
          ]}
          empty={t('registry.empty')}
        >
          {list.items.map((o) => (
            <tr key={o.id} data-testid="object-row" data-object-name={o.name} data-object-id={o.id}>
              <td>
                <a href={registryHref.object(o.id)} data-testid="object-open">
                  {o.name}
                </a>
              </td>
              <td>{objectKindLabel(o.kind)}</td>
              <td>{sectorLabel(o.sector)}</td>
              {regulator && <td>{orgName(o.owner_org)}</td>}
              <td>
                <CategoryBadge object={o} />
              </td>
            </tr>
          ))}
        </DataTable>
      </div>
      <LoadMore next={list.next} busy={list.loading} onClick={list.more} testId="objects-more" />
      {canWriteObjects(session.org.kind, session.user.role) && (
        <NewObjectForm
          session={session}
          operators={operators}
          onCreated={(o) => {
            location.hash = registryHref.object(o.id);
          }}
        />
      )}
      {canWriteObjects(session.org.kind, session.user.role) && (
        <ObjectImport session={session} operators={operators} onImported={list.reload} />
      )}
    </>
  );
}

function NewObjectForm({
  session,
  operators,
  onCreated,
}: {
  session: Session;
  operators: Org[];
  onCreated: (o: CiiObject) => void;
}) {
  const regulator = session.org.kind === 'regulator';
  const [fields, setFields] = useState({
    name: '',
    kind: 'it' as 'it' | 'ot',
    sector: '',
    description: '',
    location: '',
    responsible_person: '',
    depends_on: '',
    owner_org: '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof typeof fields) => (e: Event) =>
    setFields({ ...fields, [key]: (e.currentTarget as HTMLInputElement).value });

  const submit = async (e: Event) => {
    e.preventDefault();
    const depends = parseIdList(fields.depends_on);
    if (depends === null) {
      setError(t('object.dependsOnInvalid'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body: NewObject = {
        name: fields.name.trim(),
        kind: fields.kind,
        description: fields.description.trim(),
        location: fields.location.trim(),
        responsible_person: fields.responsible_person.trim(),
        depends_on: depends,
      };
      if (fields.sector) body.sector = fields.sector;
      if (regulator && fields.owner_org) body.owner_org = Number(fields.owner_org);
      onCreated(await api.createObject(body));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class="card" aria-labelledby="new-object-title">
      <h2 id="new-object-title">{t('registry.register')}</h2>
      <form class="form-grid" onSubmit={submit} data-testid="new-object-form">
        {regulator && (
          <OrgSelect
            label={t('registry.owner')}
            orgs={operators}
            value={fields.owner_org}
            onChange={(owner_org) => setFields({ ...fields, owner_org })}
            testId="new-object-owner"
            emptyLabel={t('registry.chooseOperator')}
            required
          />
        )}
        <label class="field">
          <span>{t('object.name')}</span>
          <input data-testid="new-object-name" required maxLength={200} value={fields.name} onInput={set('name')} />
        </label>
        <label class="field">
          <span>{t('object.kind')}</span>
          <select data-testid="new-object-kind" value={fields.kind} onChange={set('kind')}>
            <option value="it">{objectKindLabel('it')}</option>
            <option value="ot">{objectKindLabel('ot')}</option>
          </select>
        </label>
        <label class="field">
          <span>{t('object.sector')}</span>
          <select data-testid="new-object-sector" value={fields.sector} onChange={set('sector')}>
            <option value="">{t('object.ownersSector')}</option>
            {SECTORS.map((s) => (
              <option key={s} value={s}>
                {sectorLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label class="field field-wide">
          <span>{t('object.description')}</span>
          <textarea
            data-testid="new-object-description"
            rows={2}
            maxLength={2000}
            value={fields.description}
            onInput={set('description')}
          />
        </label>
        <label class="field">
          <span>{t('object.location')}</span>
          <input data-testid="new-object-location" maxLength={200} value={fields.location} onInput={set('location')} />
        </label>
        <label class="field">
          <span>{t('object.responsible')}</span>
          <input
            data-testid="new-object-responsible"
            maxLength={200}
            value={fields.responsible_person}
            onInput={set('responsible_person')}
          />
        </label>
        <label class="field">
          <span>{t('object.dependsOn')}</span>
          <input
            data-testid="new-object-depends"
            inputMode="numeric"
            placeholder="3, 4"
            aria-describedby="new-object-depends-help"
            value={fields.depends_on}
            onInput={set('depends_on')}
          />
          <small id="new-object-depends-help" class="muted">
            {t('object.dependsOnHelp')}
          </small>
        </label>
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={busy} data-testid="new-object-submit">
            {t('registry.registerSubmit')}
          </button>
        </div>
      </form>
      {error && (
        <p class="alert alert-error" role="alert" data-testid="new-object-error">
          {error}
        </p>
      )}
    </article>
  );
}
