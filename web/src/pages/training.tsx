// Training and awareness (#/training): an operator's courses, staff and audiences, each
// audience's coverage of each course (the share trained within the course's recurrence), a
// completion entered by hand, and completions imported from a CSV file (a dry run naming every
// bad row with nothing written, then all rows or none).
import { useState } from 'preact/hooks';
import { api, fetchAll } from '../api';
import { errorText } from '../errors';
import { t, tDynamic } from '../i18n';
import { useLoad } from '../hooks';
import { canManageTraining } from '../nav';
import {
  type Audience,
  type CompletionImportOutcome,
  type Course,
  type Coverage,
  type StaffMember,
  COMPLETION_TEMPLATE_HEADER,
  MAX_COMPLETION_CSV_BYTES,
  completionProblem,
  coverageOf,
  importOutcomeOf,
  isCompletionImportReport,
} from '../training';
import type { Session } from '../types';
import { CardTable } from '../components/card_table';
import { CsvImportCard } from '../components/csv_import';
import { DataTable } from '../components/data_table';

interface TrainingData {
  courses: Course[];
  staff: StaffMember[];
  audiences: Audience[];
  /** Keyed `${audienceId}:${courseId}`. */
  coverage: Map<string, Coverage>;
}

async function loadTraining(org: number): Promise<TrainingData> {
  const [courses, staff, audiences] = await Promise.all([
    api.trainingCourses(org).then((r) => r.items),
    fetchAll((cursor) => api.trainingStaff(org, { limit: 1000, cursor })),
    api.trainingAudiences(org).then((r) => r.items),
  ]);
  const coverage = new Map<string, Coverage>();
  await Promise.all(
    audiences.flatMap((a) =>
      courses.map(async (c) => {
        const status = await api.courseStatus(org, c.id, a.id);
        coverage.set(`${a.id}:${c.id}`, coverageOf(status.items));
      }),
    ),
  );
  return { courses, staff, audiences, coverage };
}

const today = () => new Date().toISOString().slice(0, 10);
const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;

export function TrainingPage({ session }: { session: Session }) {
  const org = session.org.id;
  const [round, setRound] = useState(0);
  const data = useLoad(() => loadTraining(org), [org, round]);
  const reload = () => setRound((r) => r + 1);
  const manage = canManageTraining(session.org.kind, session.user.role);
  const d = data.data;
  return (
    <section data-testid="page-training" aria-labelledby="training-title">
      <h1 id="training-title">{t('nav.training')}</h1>
      <p class="muted">{t('training.help')}</p>
      {data.error && (
        <p class="alert alert-error" role="alert" data-testid="training-error">
          {data.error}
        </p>
      )}
      {d && <CoverageTable data={d} busy={data.loading} />}
      {d && <CourseList courses={d.courses} />}
      {d && manage && <NewCourse org={org} onDone={reload} />}
      {d && <StaffList staff={d.staff} />}
      {d && manage && <NewStaff org={org} onDone={reload} />}
      {d && manage && <NewAudience org={org} staff={d.staff} onDone={reload} />}
      {d && manage && <NewCompletion org={org} data={d} onDone={reload} />}
      {manage && <CompletionImport org={org} onImported={reload} />}
    </section>
  );
}

function recurrenceText(months: number): string {
  return months === 0 ? t('training.noRecurrence') : t('training.everyMonths', { n: months });
}

function CoverageTable({ data, busy }: { data: TrainingData; busy: boolean }) {
  const rows = data.audiences.flatMap((a) => data.courses.map((c) => ({ a, c, cov: data.coverage.get(`${a.id}:${c.id}`) })));
  return (
    <CardTable
      id="training-coverage-title"
      title={t('training.coverage')}
      intro={<p class="muted">{t('training.coverageHelp')}</p>}
      testId="training-coverage"
      busy={busy}
      headings={[t('training.audience'), t('training.course'), t('training.recurrence'), t('training.trained'), t('training.coverageShare')]}
      items={rows}
      row={({ a, c, cov }) => (
        <tr key={`${a.id}:${c.id}`} data-testid="coverage-row" data-audience={a.name} data-course={c.title}>
          <td>{a.name}</td>
          <td>{c.title}</td>
          <td>{recurrenceText(c.recurrence_months)}</td>
          <td data-testid="coverage-trained" data-trained={cov?.trained ?? 0} data-members={cov?.members ?? 0}>
            {t('training.trainedOf', { trained: cov?.trained ?? 0, members: cov?.members ?? 0 })}
          </td>
          <td data-testid="coverage-percent" data-percent={cov?.percent ?? ''}>
            {cov?.percent === null || cov === undefined ? '—' : `${cov.percent}%`}
          </td>
        </tr>
      )}
      empty={t('training.coverageEmpty')}
    />
  );
}

function CourseList({ courses }: { courses: Course[] }) {
  return (
    <CardTable
      id="training-courses-title"
      title={t('training.courses')}
      testId="training-courses"
      headings={[t('training.id'), t('training.title'), t('training.recurrence')]}
      items={courses}
      row={(c) => (
        <tr key={c.id} data-testid="course-row" data-course={c.title}>
          <td>{c.id}</td>
          <td>{c.title}</td>
          <td>{recurrenceText(c.recurrence_months)}</td>
        </tr>
      )}
      empty={t('training.coursesEmpty')}
    />
  );
}

function StaffList({ staff }: { staff: StaffMember[] }) {
  return (
    <CardTable
      id="training-staff-title"
      title={t('training.staff')}
      testId="training-staff"
      headings={[t('training.staffRef'), t('training.name'), t('training.email')]}
      items={staff}
      row={(s) => (
        <tr key={s.id} data-testid="staff-row" data-staff-ref={s.staff_ref} class={s.active ? '' : 'muted'}>
          <td>{s.staff_ref}</td>
          <td>{s.name}</td>
          <td>{s.email}</td>
        </tr>
      )}
      empty={t('training.staffEmpty')}
    />
  );
}

/** A form that posts once and reports the server's refusal. */
function useSubmit(onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (e: Event, send: () => Promise<unknown>, reset: () => void) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await send();
      reset();
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

function FormError({ error, testId }: { error: string | null; testId: string }) {
  return error ? (
    <p class="alert alert-error" role="alert" data-testid={testId}>
      {error}
    </p>
  ) : null;
}

function NewCourse({ org, onDone }: { org: number; onDone: () => void }) {
  const [title, setTitle] = useState('');
  const [months, setMonths] = useState('12');
  const s = useSubmit(onDone);
  return (
    <article class="card" aria-labelledby="new-course-title">
      <h2 id="new-course-title">{t('training.newCourse')}</h2>
      <form
        class="form-grid"
        data-testid="new-course-form"
        onSubmit={(e) =>
          void s.run(e, () => api.createCourse(org, { title: title.trim(), recurrence_months: Number(months) }), () => setTitle(''))
        }
      >
        <label class="field">
          <span>{t('training.title')}</span>
          <input required data-testid="course-title" value={title} onInput={(e) => setTitle(value(e))} />
        </label>
        <label class="field">
          <span>{t('training.recurrenceMonths')}</span>
          <input type="number" min={0} max={120} required data-testid="course-recurrence" value={months} onInput={(e) => setMonths(value(e))} />
        </label>
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={s.busy} data-testid="course-submit">
            {t('training.addCourse')}
          </button>
        </div>
      </form>
      <FormError error={s.error} testId="new-course-error" />
    </article>
  );
}

function NewStaff({ org, onDone }: { org: number; onDone: () => void }) {
  const [ref, setRef] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const s = useSubmit(onDone);
  const reset = () => {
    setRef('');
    setName('');
    setEmail('');
  };
  return (
    <article class="card" aria-labelledby="new-staff-title">
      <h2 id="new-staff-title">{t('training.newStaff')}</h2>
      <form
        class="form-grid"
        data-testid="new-staff-form"
        onSubmit={(e) =>
          void s.run(e, () => api.addStaff(org, { staff_ref: ref.trim(), name: name.trim(), email: email.trim() || undefined }), reset)
        }
      >
        <label class="field">
          <span>{t('training.staffRef')}</span>
          <input required data-testid="staff-ref" value={ref} onInput={(e) => setRef(value(e))} />
        </label>
        <label class="field">
          <span>{t('training.name')}</span>
          <input required data-testid="staff-name" value={name} onInput={(e) => setName(value(e))} />
        </label>
        <label class="field">
          <span>{t('training.email')}</span>
          <input type="email" data-testid="staff-email" value={email} onInput={(e) => setEmail(value(e))} />
        </label>
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={s.busy} data-testid="staff-submit">
            {t('training.addStaff')}
          </button>
        </div>
      </form>
      <FormError error={s.error} testId="new-staff-error" />
    </article>
  );
}

function NewAudience({ org, staff, onDone }: { org: number; staff: StaffMember[]; onDone: () => void }) {
  const [name, setName] = useState('');
  const [members, setMembers] = useState<Set<number>>(new Set());
  const s = useSubmit(onDone);
  const toggle = (id: number) =>
    setMembers((m) => {
      const next = new Set(m);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const reset = () => {
    setName('');
    setMembers(new Set());
  };
  return (
    <article class="card" aria-labelledby="new-audience-title">
      <h2 id="new-audience-title">{t('training.newAudience')}</h2>
      <form
        class="form-grid"
        data-testid="new-audience-form"
        onSubmit={(e) => void s.run(e, () => api.createAudience(org, { name: name.trim(), members: [...members] }), reset)}
      >
        <label class="field">
          <span>{t('training.audienceName')}</span>
          <input required data-testid="audience-name" value={name} onInput={(e) => setName(value(e))} />
        </label>
        <fieldset class="field">
          <legend>{t('training.members')}</legend>
          {staff.filter((m) => m.active).map((m) => (
            <label key={m.id} class="check">
              <input
                type="checkbox"
                data-testid="audience-member"
                data-staff-ref={m.staff_ref}
                checked={members.has(m.id)}
                onChange={() => toggle(m.id)}
              />{' '}
              {m.name} ({m.staff_ref})
            </label>
          ))}
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={s.busy} data-testid="audience-submit">
            {t('training.addAudience')}
          </button>
        </div>
      </form>
      <FormError error={s.error} testId="new-audience-error" />
    </article>
  );
}

function NewCompletion({ org, data, onDone }: { org: number; data: TrainingData; onDone: () => void }) {
  const [staffId, setStaffId] = useState('');
  const [courseId, setCourseId] = useState('');
  const [date, setDate] = useState(today());
  const s = useSubmit(onDone);
  const submit = (e: Event) => {
    const problem = completionProblem({ staffId, courseId, date }, today());
    if (problem) {
      e.preventDefault();
      s.setError(tDynamic(problem, problem));
      return;
    }
    void s.run(
      e,
      () => api.recordCompletion(org, { staff_id: Number(staffId), course_id: Number(courseId), completed_on: date }),
      () => setStaffId(''),
    );
  };
  return (
    <article class="card" aria-labelledby="new-completion-title">
      <h2 id="new-completion-title">{t('training.newCompletion')}</h2>
      <form class="form-grid" data-testid="new-completion-form" onSubmit={submit}>
        <label class="field">
          <span>{t('training.staffMember')}</span>
          <select data-testid="completion-staff" value={staffId} onChange={(e) => setStaffId(value(e))}>
            <option value="">{t('training.choose')}</option>
            {data.staff.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.staff_ref})
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t('training.course')}</span>
          <select data-testid="completion-course" value={courseId} onChange={(e) => setCourseId(value(e))}>
            <option value="">{t('training.choose')}</option>
            {data.courses.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t('training.completedOn')}</span>
          <input type="date" required max={today()} data-testid="completion-date" value={date} onInput={(e) => setDate(value(e))} />
        </label>
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={s.busy} data-testid="completion-submit">
            {t('training.record')}
          </button>
        </div>
      </form>
      <FormError error={s.error} testId="new-completion-error" />
    </article>
  );
}

function CompletionImport({ org, onImported }: { org: number; onImported: () => void }) {
  return (
    <CsvImportCard
      testId="completion-import"
      title={t('training.importHeading')}
      help={t('training.importHelp')}
      templateHeader={COMPLETION_TEMPLATE_HEADER}
      templateName="qalxan-completions.csv"
      maxBytes={MAX_COMPLETION_CSV_BYTES}
      tooLarge={t('training.tooLarge', { mb: MAX_COMPLETION_CSV_BYTES / 1024 / 1024 })}
      send={(file, dryRun) => api.importCompletions(org, file, dryRun)}
      isReport={isCompletionImportReport}
      outcomeOf={importOutcomeOf}
      renderOutcome={(o) => <ImportOutcomeView outcome={o} />}
      onImported={onImported}
    />
  );
}

function ImportErrors({ errors }: { errors: { row: number; line: number; column: string; message: string }[] }) {
  return (
    <DataTable
      testId="completion-import-errors"
      headings={[t('training.row'), t('objectImport.line'), t('training.column'), t('objectImport.problems')]}
    >
      {errors.map((e, n) => (
        <tr key={n} data-testid="completion-import-error-row" data-row={e.row} data-column={e.column}>
          <td>{e.row}</td>
          <td>{e.line}</td>
          <td>{e.column}</td>
          <td>{e.message}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function ImportOutcomeView({ outcome }: { outcome: CompletionImportOutcome }) {
  switch (outcome.kind) {
    case 'header':
      return (
        <div class="alert alert-error" role="alert" data-testid="completion-import-problems">
          <p>{t('objectImport.headerErrors')}</p>
          <ImportErrors errors={outcome.errors} />
        </div>
      );
    case 'rows':
      return (
        <div class="alert alert-error" role="alert" data-testid="completion-import-problems">
          <p>{t('objectImport.rowErrors', { bad: outcome.bad, good: outcome.good })}</p>
          <ImportErrors errors={outcome.errors} />
        </div>
      );
    case 'ready':
      return (
        <p class="alert" role="status" data-testid="completion-import-ready">
          {t('training.importReady', { n: outcome.valid, duplicates: outcome.duplicates })}
        </p>
      );
    case 'imported':
      return (
        <p class="alert" role="status" data-testid="completion-import-done">
          {t('training.importDone', { n: outcome.created, duplicates: outcome.duplicates })}
        </p>
      );
  }
}
