import { NavLink, Outlet, useNavigate } from 'react-router';
import { logOut } from '../api/client';
import { useSession } from '../api/use-session';
import { useI18n } from '../i18n/i18n';
import { LANGUAGES, type Language } from '../i18n/translate';
import { useChatPresence } from '../live/use-chat-presence';
import { useLiveUpdates } from '../live/use-live-updates';
import { NoticeBell } from '../ui/notice-bell';
import { useNotices } from '../live/use-notices';
import { useShortcuts } from '../ui/use-shortcuts';

/** The frame around every screen behind the login: navigation, presence, language, live status, logout. */
export function Shell() {
  const session = useSession()!;
  const { t, tv, language, setLanguage } = useI18n();
  const navigate = useNavigate();
  const { connected, notices } = useLiveUpdates(session.agent.id);
  const kept = useNotices(notices);
  useShortcuts();
  const [presence, setPresence] = useChatPresence();
  const isAdmin = session.agent.role === 'admin';
  const supervises = session.agent.role !== 'agent';

  return (
    <div className="shell">
      <a className="skip-link" href="#content">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.main')}>
          <ul>
            <li>
              <NavLink to="/today">{t('nav.today')}</NavLink>
            </li>
            <li>
              <NavLink to="/tickets">{t('nav.tickets')}</NavLink>
            </li>
            <li>
              <NavLink to="/calls">{t('nav.calls')}</NavLink>
            </li>
            <li>
              <NavLink to="/help">{t('nav.help')}</NavLink>
            </li>
            {supervises && (
              <li>
                <NavLink to="/board">{t('nav.board')}</NavLink>
              </li>
            )}
            {supervises && (
              <li>
                <NavLink to="/reports">{t('nav.reports')}</NavLink>
              </li>
            )}
            {isAdmin && (
              <li>
                <NavLink to="/admin/agents">{t('nav.agents')}</NavLink>
              </li>
            )}
            {isAdmin && (
              <li>
                <NavLink to="/admin" end>
                  {t('nav.admin')}
                </NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="topbar-tools">
          <NoticeBell items={kept.items} unread={kept.unread} markRead={kept.markRead} />
          <span className={connected ? 'live live-on' : 'live live-off'} role="status">
            {connected ? t('live.online') : t('live.offline')}
          </span>
          <label className="switch">
            <input
              type="checkbox"
              role="switch"
              checked={presence === 'available'}
              onChange={(e) => setPresence(e.target.checked ? 'available' : 'away')}
            />
            {t('presence.label')}
          </label>
          <label>
            <span className="visually-hidden">{t('nav.language')}</span>
            <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {l === 'pl' ? 'Polski' : 'English'}
                </option>
              ))}
            </select>
          </label>
          <span className="muted whoami">
            {t('nav.signedInAs', { name: session.agent.name, role: tv('role', session.agent.role) })}
          </span>
          <button
            type="button"
            onClick={() => {
              void logOut().then(() => navigate('/login'));
            }}
          >
            {t('nav.logout')}
          </button>
        </div>
      </header>
      <main id="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
