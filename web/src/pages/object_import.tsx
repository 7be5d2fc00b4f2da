// Bulk registration of CII objects from a CSV file (POST /api/v1/objects/import): the operator
// (or the regulator, for an operator it chooses) checks the file first — a dry run that writes
// nothing and names every bad row — then imports it, all rows or none.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { isImportReport, MAX_IMPORT_BYTES, outcomeOf, TEMPLATE_HEADER, type ImportOutcome } from '../object_import';
import type { Org, Session } from '../types';
import { OrgSelect } from '../components/org_select';

export function ObjectImport({ session, operators, onImported }: { session: Session; operators: Org[]; onImported: () => void }) {
  const regulator = session.org.kind === 'regulator';
  const [file, setFile] = useState<File | null>(null);
  const [owner, setOwner] = useState('');
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setError(null);
    setOutcome(null);
    if (file.size > MAX_IMPORT_BYTES) {
      setError(t('objectImport.tooLarge', { mb: MAX_IMPORT_BYTES / 1024 / 1024 }));
      return;
    }
    setBusy(true);
    try {
      const report = await api.importObjects(file, { org: regulator && owner ? Number(owner) : undefined, dry_run: dryRun });
      setOutcome(outcomeOf(report));
      if (!dryRun) onImported();
    } catch (err) {
      // A file with bad rows answers 400 with the report, which is what the operator needs.
      if (err instanceof ApiError && err.status === 400 && isImportReport(err.body)) setOutcome(outcomeOf(err.body));
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const template = `data:text/csv;charset=utf-8,${encodeURIComponent(`${TEMPLATE_HEADER}\r\n`)}`;

  return (
    <article class="card" aria-labelledby="object-import-title" data-testid="object-import">
      <h2 id="object-import-title">{t('objectImport.heading')}</h2>
      <p class="muted">
        {t('objectImport.help')}{' '}
        <a href={template} download="qalxan-objects.csv" data-testid="object-import-template">
          {t('objectImport.template')}
        </a>
      </p>
      <form class="form-grid" onSubmit={(e) => { e.preventDefault(); void send(true); }}>
        {regulator && (
          <OrgSelect
            label={t('registry.owner')}
            orgs={operators}
            value={owner}
            onChange={setOwner}
            testId="object-import-owner"
            emptyLabel={t('registry.chooseOperator')}
            required
          />
        )}
        <label class="field">
          <span>{t('objectImport.file')}</span>
          <input
            type="file"
            accept=".csv,text/csv"
            data-testid="object-import-file"
            onChange={(e) => {
              setOutcome(null);
              setError(null);
              setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null);
            }}
          />
        </label>
        <div class="form-actions">
          <button type="submit" class="button-secondary" disabled={busy || !file} data-testid="object-import-check">
            {t('objectImport.check')}
          </button>
          <button
            type="button"
            class="button-primary"
            disabled={busy || outcome?.kind !== 'ready'}
            data-testid="object-import-submit"
            onClick={() => void send(false)}
          >
            {t('objectImport.import')}
          </button>
        </div>
      </form>
      {outcome && <OutcomeView outcome={outcome} />}
      {error && (
        <p class="alert alert-error" role="alert" data-testid="object-import-error">
          {error}
        </p>
      )}
    </article>
  );
}

function OutcomeView({ outcome }: { outcome: ImportOutcome }) {
  switch (outcome.kind) {
    case 'header':
      return (
        <div class="alert alert-error" role="alert" data-testid="object-import-problems">
          <p>{t('objectImport.headerErrors')}</p>
          <ul>
            {outcome.errors.map((e, n) => (
              <li key={n}>{e}</li>
            ))}
          </ul>
        </div>
      );
    case 'rows':
      return (
        <div class="alert alert-error" role="alert" data-testid="object-import-problems">
          <p>{t('objectImport.rowErrors', { bad: outcome.bad.length, good: outcome.good })}</p>
          <table data-testid="object-import-bad-rows">
            <thead>
              <tr>
                <th scope="col">{t('objectImport.line')}</th>
                <th scope="col">{t('objectImport.problems')}</th>
              </tr>
            </thead>
            <tbody>
              {outcome.bad.map((r) => (
                <tr key={r.line} data-testid="object-import-bad-row" data-line={r.line}>
                  <td>{r.line}</td>
                  <td>{r.errors.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'ready':
      return (
        <p class="alert" role="status" data-testid="object-import-ready">
          {t('objectImport.ready', { n: outcome.rows })}
        </p>
      );
    case 'imported':
      return (
        <p class="alert" role="status" data-testid="object-import-done">
          {t('objectImport.done', { n: outcome.created })}
        </p>
      );
  }
}
