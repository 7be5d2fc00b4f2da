// Posture: the share of applicable requirements met, from accepted assessments. The regulator
// sees the national score, every sector's and the series of the nation or a chosen sector over
// time; operators and providers see their own organisation's score and series.
import { useState } from 'preact/hooks';
import { api, type SeriesScope } from '../api';
import { t } from '../i18n';
import { formatDateTime, formatScore, sectorLabel } from '../format';
import { useLoad } from '../hooks';
import { canSeeNationalPosture } from '../nav';
import type { Posture, SeriesPoint, Session } from '../types';
import { BarChart } from '../components/bar_chart';
import { LineChart } from '../components/line_chart';
import { DataTable } from '../components/data_table';

export function PosturePage({ session }: { session: Session }) {
  return (
    <section data-testid="page-posture" aria-labelledby="posture-title">
      <h1 id="posture-title">{t('nav.posture')}</h1>
      <p class="muted">{t('posture.help')}</p>
      {canSeeNationalPosture(session.org.kind) ? <NationalPosture /> : <OwnPosture session={session} />}
    </section>
  );
}

function ScoreCard({ title, posture, testId }: { title: string; posture: Posture | null; testId: string }) {
  return (
    <article class="card score-card" data-testid={testId} data-score={posture?.score ?? ''}>
      <h2>{title}</h2>
      <p class="score-big" data-testid={`${testId}-value`}>
        {formatScore(posture?.score)}
      </p>
      <p class="muted">{t('posture.subjects', { count: posture?.subjects ?? 0 })}</p>
    </article>
  );
}

function OwnPosture({ session }: { session: Session }) {
  const posture = useLoad(() => api.orgPosture(session.org.id), [session.org.id]);
  return (
    <>
      {posture.error && (
        <p class="alert alert-error" role="alert" data-testid="posture-error">
          {posture.error}
        </p>
      )}
      <ScoreCard title={session.org.name} posture={posture.data} testId="posture-org" />
      <Series scope="org" seriesKey={String(session.org.id)} title={t('posture.seriesOrg', { name: session.org.name })} />
    </>
  );
}

function NationalPosture() {
  const nation = useLoad(() => api.nationPosture(), []);
  const sectors = useLoad(() => api.sectorPosture(), []);
  const [sector, setSector] = useState('');
  const rows = sectors.data?.items ?? [];
  const error = nation.error ?? sectors.error;
  return (
    <>
      {error && (
        <p class="alert alert-error" role="alert" data-testid="posture-error">
          {error}
        </p>
      )}
      <ScoreCard title={t('posture.nation')} posture={nation.data} testId="posture-nation" />
      <article class="card" aria-labelledby="sectors-title">
        <h2 id="sectors-title">{t('posture.sectors')}</h2>
        <div class="chart-layout">
          <BarChart
            title={t('posture.sectorsChart')}
            testId="posture-sectors-chart"
            bars={rows.map((r) => ({
              key: r.sector,
              label: sectorLabel(r.sector),
              value: Math.round((r.score ?? 0) * 100),
              muted: r.score === null,
            }))}
          />
          <div class="table-wrap">
            <DataTable
              load={sectors}
              testId="posture-sectors"
              caption={t('posture.sectors')}
              headings={[t('object.sector'), t('assessment.score'), t('posture.subjectsColumn')]}
              empty={t('posture.noScores')}
            >
              {rows.map((r) => (
                <tr key={r.sector} data-testid="posture-sector-row" data-sector={r.sector} data-score={r.score ?? ''}>
                  <td>{sectorLabel(r.sector)}</td>
                  <td>{formatScore(r.score)}</td>
                  <td>{r.subjects}</td>
                </tr>
              ))}
            </DataTable>
          </div>
        </div>
      </article>
      <div class="filters">
        <label class="field">
          <span>{t('posture.seriesOf')}</span>
          <select
            data-testid="posture-series-scope"
            value={sector}
            onChange={(e) => setSector((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t('posture.nation')}</option>
            {rows.map((r) => (
              <option key={r.sector} value={r.sector}>
                {sectorLabel(r.sector)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Series
        key={sector}
        scope={sector ? 'sector' : 'nation'}
        seriesKey={sector}
        title={sector ? t('posture.seriesSector', { sector: sectorLabel(sector) }) : t('posture.seriesNation')}
      />
    </>
  );
}

function Series({ scope, seriesKey, title }: { scope: SeriesScope; seriesKey: string; title: string }) {
  const series = useLoad(() => api.postureSeries(scope, seriesKey), [scope, seriesKey]);
  const items: SeriesPoint[] = series.data?.items ?? [];
  return (
    <article class="card" aria-labelledby="series-title" data-testid="posture-series">
      <h2 id="series-title">{title}</h2>
      {series.error && (
        <p class="alert alert-error" role="alert">
          {series.error}
        </p>
      )}
      {!series.loading && items.length === 0 ? (
        <p class="muted" data-testid="posture-series-empty">
          {t('posture.noSeries')}
        </p>
      ) : (
        <div class="chart-layout">
          <LineChart title={title} series={items} testId="posture-series-chart" />
          <div class="table-wrap">
            <DataTable
              testId="posture-series-table"
              busy={series.loading}
              caption={title}
              headings={[t('posture.at'), t('assessment.score'), t('posture.subjectsColumn')]}
            >
              {items.map((p) => (
                <tr key={p.at} data-testid="posture-series-row" data-score={p.score ?? ''}>
                  <td>{formatDateTime(p.at)}</td>
                  <td>{formatScore(p.score)}</td>
                  <td>{p.subjects}</td>
                </tr>
              ))}
            </DataTable>
          </div>
        </div>
      )}
    </article>
  );
}
