// The application shell: session lifecycle, language, navigation and the selected organisation.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, api, fetchAll, setCsrfToken, setUnauthenticatedHandler } from './api';
import { getLang, onLangChange, t } from './i18n';
import { canSwitchOrg, navFor } from './nav';
import { useRoute } from './route';
import type { Org, Session } from './types';
import { errorText } from './errors';
import { LoginPage } from './pages/login';
import { OverviewPage } from './pages/overview';
import { RequirementsPage } from './pages/requirements';
import { IntelPage } from './pages/intel';
import { OrgsPage } from './pages/orgs';
import { AuditPage } from './pages/audit';
import { RegistryPage } from './pages/registry';
import { AssessmentsPage } from './pages/assessments';
import { PosturePage } from './pages/posture';
import { CampaignsPage } from './pages/campaigns';
import { ProvidersPage } from './pages/providers';
import { IncidentsPage } from './pages/incidents';
import { TrainingPage } from './pages/training';
import { LangSelect } from './components/lang_select';
import { TopBar } from './components/top_bar';
import { SideNav } from './components/side_nav';

type State =
  | { phase: 'loading' }
  | { phase: 'anonymous'; notice?: string }
  | { phase: 'signed-in'; session: Session };

export function App() {
  const [, setLang] = useState(getLang());
  useEffect(() => onLangChange(setLang), []);
  const [state, setState] = useState<State>({ phase: 'loading' });
  const route = useRoute();

  const signOutLocally = useCallback((notice?: string) => {
    setCsrfToken('');
    setState({ phase: 'anonymous', notice });
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => signOutLocally(t('login.expired')));
    let alive = true;
    api
      .getSession()
      .then((session) => {
        if (!alive) return;
        setCsrfToken(session.csrf_token);
        setState({ phase: 'signed-in', session });
      })
      .catch((e: unknown) => {
        if (!alive) return;
        const unauthenticated = e instanceof ApiError && e.status === 401;
        setState({ phase: 'anonymous', notice: unauthenticated ? undefined : errorText(e) });
      });
    return () => {
      alive = false;
      setUnauthenticatedHandler(null);
    };
  }, [signOutLocally]);

  if (state.phase === 'loading') {
    return (
      <div class="splash" aria-busy="true" data-testid="loading">
        {t('common.loading')}
      </div>
    );
  }
  if (state.phase === 'anonymous' && route === 'providers') {
    return <PublicProviders />;
  }
  if (state.phase === 'anonymous') {
    return (
      <LoginPage
        notice={state.notice}
        onLogin={(session) => {
          setCsrfToken(session.csrf_token);
          setState({ phase: 'signed-in', session });
        }}
      />
    );
  }
  return (
    <Shell
      key={state.session.user.id}
      session={state.session}
      onLoggedOut={signOutLocally}
    />
  );
}

function Shell({
  session,
  onLoggedOut,
}: {
  session: Session;
  onLoggedOut: (notice?: string) => void;
}) {
  const route = useRoute();
  const nav = navFor(session.org.kind, session.user.role);
  const page = nav.some((item) => item.id === route) ? route : 'overview';
  const [orgs, setOrgs] = useState<Org[]>([session.org]);
  const [orgsError, setOrgsError] = useState<string | null>(null);
  const [selectedOrgId, setSelectedOrgId] = useState<number>(session.org.id);

  const loadOrgs = useCallback(async () => {
    try {
      const items = await fetchAll((cursor) => api.listOrgs({ limit: 1000, cursor }));
      setOrgs(items.length ? items : [session.org]);
      setOrgsError(null);
    } catch (e) {
      setOrgsError(errorText(e));
    }
  }, [session.org]);

  useEffect(() => {
    void loadOrgs();
  }, [loadOrgs]);

  useEffect(() => {
    document.title = `${t(nav.find((n) => n.id === page)!.labelKey)} · ${t('app.name')}`;
  });

  const logout = async () => {
    let notice: string | undefined;
    try {
      await api.logout();
    } catch (e) {
      // 401: the session had already ended. Anything else is shown on the login page, since the
      // server may still hold the session.
      if (!(e instanceof ApiError && e.status === 401)) notice = errorText(e);
    }
    onLoggedOut(notice);
  };

  const switchable = canSwitchOrg(session.org.kind);
  const selectedOrg = orgs.find((o) => o.id === selectedOrgId) ?? session.org;

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <TopBar
        session={session}
        orgs={switchable ? orgs : null}
        selectedOrgId={selectedOrg.id}
        onSelectOrg={setSelectedOrgId}
        onLogout={logout}
      />
      <div class="body">
        <SideNav items={nav} current={page} />
        <main id="main" class="content" tabIndex={-1}>
          {orgsError && (
            <p class="alert alert-error" role="alert">
              {orgsError}
            </p>
          )}
          {page === 'overview' && <OverviewPage session={session} orgs={orgs} />}
          {page === 'requirements' && <RequirementsPage session={session} />}
          {page === 'intel' && <IntelPage session={session} orgs={orgs} />}
          {page === 'orgs' && (
            <OrgsPage
              key={selectedOrg.id}
              session={session}
              org={selectedOrg}
              onOrgCreated={async (org) => {
                await loadOrgs();
                setSelectedOrgId(org.id);
              }}
            />
          )}
          {page === 'audit' && <AuditPage orgs={orgs} />}
          {page === 'registry' && <RegistryPage session={session} orgs={orgs} />}
          {page === 'assessments' && <AssessmentsPage session={session} orgs={orgs} />}
          {page === 'campaigns' && <CampaignsPage session={session} />}
          {page === 'posture' && <PosturePage session={session} />}
          {page === 'incidents' && <IncidentsPage session={session} orgs={orgs} />}
          {page === 'training' && <TrainingPage session={session} />}
          {page === 'providers' && <ProvidersPage session={session} />}
        </main>
      </div>
    </div>
  );
}

/** The public provider list for visitors who are not signed in. */
function PublicProviders() {
  useEffect(() => {
    document.title = `${t('nav.providers')} · ${t('app.name')}`;
  });
  return (
    <div class="public-page">
      <header class="public-header">
        <strong>{t('app.name')}</strong>
        <LangSelect />
        <a href="#/" data-testid="public-sign-in">
          {t('login.submit')}
        </a>
      </header>
      <main id="main" class="content">
        <ProvidersPage />
      </main>
    </div>
  );
}
