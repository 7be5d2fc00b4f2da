// Bulk registration of CII objects from a CSV file (POST /api/v1/objects/import): the operator
// (or the regulator, for an operator it chooses) checks the file first — a dry run that writes
// nothing and names every bad row — then imports it, all rows or none.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { isImportReport, MAX_IMPORT_BYTES, outcomeOf, TEMPLATE_HEADER, type ImportOutcome } from '../object_import';
import { CsvImportCard } from '../components/csv_import';
import type { Org, Session } from '../types';
import { OrgSelect } from '../components/org_select';
import { DataTable } from '../components/data_table';

export function ObjectImport({ session, operators, onImported }: { session: Session; operators: Org[]; onImported: () => void }) {
  const regulator = session.org.kind === 'regulator';
  const [owner, setOwner] = useState('');
  return (
    <CsvImportCard
      testId="object-import"
      title={t('objectImport.heading')}
      help={t('objectImport.help')}
      templateHeader={TEMPLATE_HEADER}
      templateName="qalxan-objects.csv"
      maxBytes={MAX_IMPORT_BYTES}
      tooLarge={t('objectImport.tooLarge', { mb: MAX_IMPORT_BYTES / 1024 / 1024 })}
      target={owner}
      fields={
        regulator && (
          <OrgSelect
            label={t('registry.owner')}
            orgs={operators}
            value={owner}
            onChange={setOwner}
            testId="object-import-owner"
            emptyLabel={t('registry.chooseOperator')}
            required
          />
        )
      }
      send={(file, dryRun) => api.importObjects(file, { org: regulator && owner ? Number(owner) : undefined, dry_run: dryRun })}
      isReport={isImportReport}
      outcomeOf={outcomeOf}
      renderOutcome={(o) => <OutcomeView outcome={o} />}
      onImported={onImported}
    />
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
          <DataTable testId="object-import-bad-rows" headings={[t('objectImport.line'), t('objectImport.problems')]}>
            {outcome.bad.map((r) => (
              <tr key={r.line} data-testid="object-import-bad-row" data-line={r.line}>
                <td>{r.line}</td>
                <td>{r.errors.join('; ')}</td>
              </tr>
            ))}
          </DataTable>
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
