import { useState } from 'react';
import { Link } from 'react-router';
import type { StoredNotice } from '../live/notice-list';
import { useI18n } from '../i18n/i18n';

/** How many notices the open list shows (the gateway keeps more). */
const SHOWN = 20;

/** The agent's notifications: the unread count on the bar, the list on request; opening one marks it read. */
export function NoticeBell({
  items,
  unread,
  markRead,
}: {
  items: StoredNotice[];
  unread: number;
  markRead: (ids: string[]) => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const newest = items.find((n) => !n.read);
  return (
    <div className="notices">
      <button type="button" aria-expanded={open} aria-controls="notice-list" onClick={() => setOpen((o) => !o)}>
        {t('notices.button', { count: unread })}
      </button>
      <span className="visually-hidden" role="status">
        {newest ? t(`notices.${newest.kind}`, { number: newest.number }) : ''}
      </span>
      {open && (
        <div id="notice-list" className="notice-list card">
          {items.length === 0 ? (
            <p className="muted">{t('notices.none')}</p>
          ) : (
            <>
              <ul>
                {items.slice(0, SHOWN).map((notice) => (
                  <li key={notice.id} className={notice.read ? 'read' : 'unread'}>
                    <Link
                      to={`/tickets/${notice.number}`}
                      onClick={() => {
                        markRead([notice.id]);
                        setOpen(false);
                      }}
                    >
                      {t(`notices.${notice.kind}`, { number: notice.number })}
                    </Link>
                    {!notice.read && <span className="visually-hidden"> {t('notices.unread')}</span>}
                  </li>
                ))}
              </ul>
              {unread > 0 && (
                <button type="button" onClick={() => markRead(items.filter((n) => !n.read).map((n) => n.id))}>
                  {t('notices.markAll')}
                </button>
              )}
            </>
          )}
        </div>
      )}
    </div>
  );
}
