import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate, Outlet, useLocation } from 'react-router';
import type { Role } from './api/types';
import { useSession } from './api/use-session';
import { useI18n } from './i18n/i18n';
import { HelpScreen } from './screens/help-screen';
import { LoginScreen } from './screens/login-screen';
import { Shell } from './screens/shell';
import { TicketListScreen } from './screens/ticket-list-screen';
import { TicketScreen } from './screens/ticket-screen';
import { TodayScreen } from './screens/today-screen';
import { Loading } from './ui/query-state';

// Admin and supervisor screens are few people's business: loaded only when opened.
const AgentsScreen = lazy(() => import('./screens/agents-screen'));
const adminScreens = () => import('./screens/admin-screens');
const AdminIndexScreen = lazy(async () => ({ default: (await adminScreens()).AdminIndexScreen }));
const AdminListScreen = lazy(async () => ({ default: (await adminScreens()).AdminListScreen }));
const ReportsScreen = lazy(async () => ({ default: (await import('./screens/reports-screen')).ReportsScreen }));
const CallsScreen = lazy(async () => ({ default: (await import('./screens/calls-screen')).CallsScreen }));
const WallboardScreen = lazy(async () => ({ default: (await import('./screens/wallboard-screen')).WallboardScreen }));

/** Screens behind the login: without a session, the login screen (coming back here afterwards). */
function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Shell />;
}

/** Screens of some roles: hidden from the navigation of the others, and refused here if opened by address. */
function RequireRole({ roles }: { roles: Role[] }) {
  const session = useSession();
  const { t } = useI18n();
  if (!session || !roles.includes(session.agent.role)) {
    return (
      <section aria-labelledby="forbidden-title">
        <h1 id="forbidden-title">{t('forbidden.title')}</h1>
        <p>{t('forbidden.body')}</p>
      </section>
    );
  }
  return (
    <Suspense fallback={<Loading />}>
      <Outlet />
    </Suspense>
  );
}

function NotFound() {
  const { t } = useI18n();
  return <h1>{t('app.notFound')}</h1>;
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginScreen /> },
  {
    element: <RequireSession />,
    children: [
      { index: true, element: <Navigate to="/today" replace /> },
      { path: 'today', element: <TodayScreen /> },
      { path: 'tickets', element: <TicketListScreen /> },
      { path: 'tickets/:number', element: <TicketScreen /> },
      { path: 'help', element: <HelpScreen /> },
      {
        path: 'calls',
        element: (
          <Suspense fallback={<Loading />}>
            <CallsScreen />
          </Suspense>
        ),
      },
      {
        element: <RequireRole roles={['admin']} />,
        children: [
          { path: 'admin', element: <AdminIndexScreen /> },
          { path: 'admin/agents', element: <AgentsScreen /> },
          { path: 'admin/:list', element: <AdminListScreen /> },
        ],
      },
      {
        element: <RequireRole roles={['supervisor', 'admin']} />,
        children: [
          { path: 'board', element: <WallboardScreen /> },
          { path: 'reports', element: <ReportsScreen /> },
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
