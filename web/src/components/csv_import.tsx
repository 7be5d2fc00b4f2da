// A CSV import card: a template to download, a file, "check" (a dry run that writes nothing)
// and "import" once the check found nothing wrong. A file with bad rows answers 400 with the
// server's report, which is what the user needs to see; other errors show as messages. The
// registry's object import and the training completions import use it.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';

interface Props<Report, Outcome extends { kind: string }> {
  /** data-testid of the card; its controls are `${testId}-file`, `-check`, `-submit`, `-template`, `-error`. */
  testId: string;
  title: string;
  help: string;
  templateHeader: string;
  templateName: string;
  maxBytes: number;
  tooLarge: string;
  /** Fields above the file (e.g. the owner). */
  fields?: ComponentChildren;
  /** What the fields chose (e.g. the owner): a change voids the last check, so that Import only
   *  ever sends what was checked. */
  target?: unknown;
  send: (file: File, dryRun: boolean) => Promise<Report>;
  isReport: (body: unknown) => body is Report;
  outcomeOf: (report: Report) => Outcome;
  renderOutcome: (outcome: Outcome) => ComponentChildren;
  onImported: () => void;
}

export function CsvImportCard<Report, Outcome extends { kind: string }>(p: Props<Report, Outcome>) {
  const [file, setFile] = useState<File | null>(null);
  // The last answer, with the file and target it was asked for: it shows (and enables Import)
  // only while both are still the chosen ones, so that a change of either, even while the check
  // is under way, voids it and Import only ever sends what was checked.
  const [answer, setAnswer] = useState<{ outcome?: Outcome; error?: string; file: File; target: unknown } | null>(
    null,
  );
  const [busy, setBusy] = useState(false);
  const current = answer && answer.file === file && answer.target === p.target ? answer : null;
  const outcome = current?.outcome ?? null;
  const error = current?.error ?? null;

  const send = async (dryRun: boolean) => {
    if (!file) return;
    const asked = { file, target: p.target };
    setAnswer(null);
    if (file.size > p.maxBytes) {
      setAnswer({ ...asked, error: p.tooLarge });
      return;
    }
    setBusy(true);
    try {
      setAnswer({ ...asked, outcome: p.outcomeOf(await p.send(file, dryRun)) });
      if (!dryRun) p.onImported();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && p.isReport(err.body)) {
        setAnswer({ ...asked, outcome: p.outcomeOf(err.body) });
      } else {
        setAnswer({ ...asked, error: errorText(err) });
      }
    } finally {
      setBusy(false);
    }
  };
  const template = `data:text/csv;charset=utf-8,${encodeURIComponent(`${p.templateHeader}\r\n`)}`;

  return (
    <article class="card" aria-labelledby={`${p.testId}-title`} data-testid={p.testId}>
      <h2 id={`${p.testId}-title`}>{p.title}</h2>
      <p class="muted">
        {p.help}{' '}
        <a href={template} download={p.templateName} data-testid={`${p.testId}-template`}>
          {t('objectImport.template')}
        </a>
      </p>
      <form
        class="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void send(true);
        }}
      >
        {p.fields}
        <label class="field">
          <span>{t('objectImport.file')}</span>
          <input
            type="file"
            accept=".csv,text/csv"
            data-testid={`${p.testId}-file`}
            onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
          />
        </label>
        <div class="form-actions">
          <button type="submit" class="button-secondary" disabled={busy || !file} data-testid={`${p.testId}-check`}>
            {t('objectImport.check')}
          </button>
          <button
            type="button"
            class="button-primary"
            disabled={busy || outcome?.kind !== 'ready'}
            data-testid={`${p.testId}-submit`}
            onClick={() => void send(false)}
          >
            {t('objectImport.import')}
          </button>
        </div>
      </form>
      {outcome && p.renderOutcome(outcome)}
      {error && (
        <p class="alert alert-error" role="alert" data-testid={`${p.testId}-error`}>
          {error}
        </p>
      )}
    </article>
  );
}
