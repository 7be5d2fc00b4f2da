// Incident statistics for the regulator and the CERT: incidents per sector per month (a bar chart
// of the chosen month, all months as a table) and the share of stages reported on time (a line
// chart, the same numbers as a table); for the regulator the regime of each sector and the
// national regime's stages, which its admins and officers change.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { errorText } from '../errors';
import { t, tDynamic } from '../i18n';
import { formatScore, sectorLabel } from '../format';
import { useLoad } from '../hooks';
import { onTimeSeries, sectorCounts, sectorMonthCount, statsMonths } from '../incidents';
import { canEditRegimes } from '../nav';
import { SECTORS, type Session } from '../types';
import { BarChart } from '../components/bar_chart';
import { LineChart } from '../components/line_chart';
import { DataTable } from '../components/data_table';
import { fieldLabel } from './incident_view';
import { NationalRegimeEditor } from './regime_editor';

export function IncidentStatsSection({ session }: { session: Session }) {
  const stats = useLoad(() => api.incidentStats(12), []);
  const [month, setMonth] = useState('');
  const data = stats.data;
  const months = data ? statsMonths(data) : [];
  const sectors = data ? sectorCounts(data, '') : [];
  return (
    <>
      <section class="card" aria-labelledby="incident-stats-title" data-testid="incident-stats">
        <h2 id="incident-stats-title">{t('incidentStats.heading')}</h2>
        {stats.error && (
          <p class="alert alert-error" role="alert">
            {stats.error}
          </p>
        )}
        {data && (
          <>
            <label class="field">
              <span>{t('incidentStats.month')}</span>
              <select data-testid="incident-stats-month" value={month} onChange={(e) => setMonth((e.currentTarget as HTMLSelectElement).value)}>
                <option value="">{t('incidentStats.allMonths')}</option>
                {months.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
            <BarChart
              title={t('incidentStats.perSector')}
              testId="incident-sector-chart"
              bars={sectorCounts(data, month).map((s) => ({ key: s.sector, label: sectorLabel(s.sector), value: s.count }))}
            />
            <div class="table-wrap">
              <DataTable
                testId="incident-sector-table"
                caption={t('incidentStats.perSectorMonth')}
                captionVisible
                headings={[t('incident.sector'), ...months]}
              >
                {sectors.map((s) => (
                  <tr key={s.sector} data-testid="incident-sector-row" data-sector={s.sector}>
                    <th scope="row">{sectorLabel(s.sector)}</th>
                    {months.map((m) => (
                      <td key={m}>{sectorMonthCount(data, s.sector, m)}</td>
                    ))}
                  </tr>
                ))}
              </DataTable>
            </div>
            <LineChart title={t('incidentStats.onTime')} testId="incident-ontime-chart" series={onTimeSeries(data)} />
            <div class="table-wrap">
              <DataTable
                testId="incident-ontime-table"
                caption={t('incidentStats.onTime')}
                captionVisible
                headings={[t('incidentStats.month'), t('incidentStats.stages'), t('incidentStats.onTimeCount'), t('incidentStats.share')]}
              >
                {[...data.on_time]
                  .sort((a, b) => a.month.localeCompare(b.month))
                  .map((r) => (
                    <tr key={r.month} data-testid="incident-ontime-row" data-month={r.month}>
                      <th scope="row">{r.month}</th>
                      <td>{r.stages}</td>
                      <td>{r.on_time}</td>
                      <td>{r.stages > 0 ? formatScore(r.on_time / r.stages) : '—'}</td>
                    </tr>
                  ))}
              </DataTable>
            </div>
          </>
        )}
      </section>
      {session.org.kind === 'regulator' && <RegimeMapping editable={canEditRegimes(session.org.kind, session.user.role)} />}
    </>
  );
}

function RegimeMapping({ editable }: { editable: boolean }) {
  const [round, setRound] = useState(0);
  const settings = useLoad(() => api.incidentRegimes(), [round]);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (settings.data) setMapping(settings.data.mapping);
  }, [settings.data]);
  const data = settings.data;
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      // Sectors left on the default regime are not listed.
      const explicit = Object.fromEntries(Object.entries(mapping).filter(([, r]) => r && r !== data?.default));
      const answer = await api.putRegimeMapping(explicit);
      setMapping(answer.mapping);
      setSaved(true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
    <section class="card" aria-labelledby="regime-mapping-title" data-testid="regime-mapping">
      <h2 id="regime-mapping-title">{t('regimes.heading')}</h2>
      <p class="muted">{t('regimes.help', { regime: data?.items.find((r) => r.id === data.default)?.name ?? data?.default ?? '—' })}</p>
      {settings.error && <p class="alert alert-error">{settings.error}</p>}
      {data && (
        <form onSubmit={save} data-testid="regime-mapping-form">
          <DataTable headings={[t('incident.sector'), t('incident.regime')]}>
            {SECTORS.map((sector) => (
              <tr key={sector} data-testid="regime-row" data-sector={sector}>
                <th scope="row">{sectorLabel(sector)}</th>
                <td>
                  <select
                    data-testid="regime-select"
                    aria-label={sectorLabel(sector)}
                    disabled={!editable}
                    value={mapping[sector] ?? data.default}
                    onChange={(e) => {
                      setSaved(false);
                      setMapping({ ...mapping, [sector]: (e.currentTarget as HTMLSelectElement).value });
                    }}
                  >
                    {data.items.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.name}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </DataTable>
          {editable && (
            <div class="form-actions">
              <button type="submit" class="button-primary" disabled={busy} data-testid="regime-mapping-save">
                {t('regimes.save')}
              </button>
              {saved && (
                <span role="status" class="muted" data-testid="regime-mapping-saved">
                  {t('incident.saved')}
                </span>
              )}
            </div>
          )}
        </form>
      )}
      {error && (
        <p class="alert alert-error" role="alert" data-testid="regime-mapping-error">
          {error}
        </p>
      )}
      {data && (
        <div class="table-wrap">
          <DataTable
            testId="regime-stages"
            caption={t('regimes.stages')}
            captionVisible
            headings={[t('incident.regime'), t('regimes.stage'), t('regimes.deadline'), t('regimes.fields')]}
          >
            {data.items.flatMap((r) =>
              r.stages.map((st, n) => (
                <tr key={`${r.id}-${st.key}`} data-testid="regime-stage" data-regime={r.id} data-stage={st.key}>
                  {n === 0 && (
                    <th scope="rowgroup" rowSpan={r.stages.length}>
                      {r.name}
                    </th>
                  )}
                  <td>{st.name}</td>
                  <td>
                    {st.on_request ? `${t('regimes.onRequest')} · ` : ''}
                    {tDynamic(`regimes.anchor.${st.anchor}`, st.anchor)} + <code>{st.within}</code>
                    {st.max_from_awareness && (
                      <>
                        {' '}
                        ({t('regimes.atMost')} <code>{st.max_from_awareness}</code>)
                      </>
                    )}
                  </td>
                  <td>{st.required_fields.map(fieldLabel).join(', ')}</td>
                </tr>
              )),
            )}
          </DataTable>
        </div>
      )}
    </section>
    {editable && data && <NationalRegimeEditor settings={data} onSaved={() => setRound((r) => r + 1)} />}
    </>
  );
}
