import { useState } from 'react';
import { Link } from 'react-router';
import type { Notice } from '../live/live-events';
import { useI18n } from '../i18n/i18n';

/** The agent's notifications: a count on the bar, the list on request; opening one dismisses it. */
export function NoticeBell({ notices, dismiss }: { notices: Notice[]; dismiss: (key: string) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <div className="notices">
      <button type="button" aria-expanded={open} aria-controls="notice-list" onClick={() => setOpen((o) => !o)}>
        {t('notices.button', { count: notices.length })}
      </button>
      <span className="visually-hidden" role="status">
        {notices[0] ? t(`notices.${notices[0].kind}`, { number: notices[0].number }) : ''}
      </span>
      {open && (
        <div id="notice-list" className="notice-list card">
          {notices.length === 0 ? (
            <p className="muted">{t('notices.none')}</p>
          ) : (
            <ul>
              {notices.map((notice) => (
                <li key={notice.key}>
                  <Link
                    to={`/tickets/${notice.number}`}
                    onClick={() => {
                      dismiss(notice.key);
                      setOpen(false);
                    }}
                  >
                    {t(`notices.${notice.kind}`, { number: notice.number })}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
