import { useQuery } from '@tanstack/react-query';
import { listTickets } from '../api/agent-api';
import { formatDateTime } from '../i18n/dates';
import { useI18n } from '../i18n/i18n';
import { LoadError, Loading } from '../ui/query-state';
import { minutes, useVoiceBoard, voiceIsOff } from '../voice/voice-board';

/** How often the board reads again (the APIs it reads are point-in-time answers, not streams). */
const REFRESH_MS = 5000;
/** Unassigned tickets counted up to this; more shows as "200+". */
const COUNT_UP_TO = 200;

function PhoneQueues() {
  const { t, language } = useI18n();
  const board = useVoiceBoard(REFRESH_MS);
  if (board.isPending) return <Loading />;
  if (board.isError) {
    return voiceIsOff(board.error) ? <p className="muted">{t('board.voiceOff')}</p> : <LoadError error={board.error} />;
  }
  const { queues, agents, at } = board.data;
  return (
    <>
      <dl className="tiles">
        <div className="tile">
          <dt>{t('board.available')}</dt>
          <dd>{agents.available}</dd>
        </div>
        <div className="tile">
          <dt>{t('board.onCall')}</dt>
          <dd>{agents.onCall}</dd>
        </div>
        <div className="tile">
          <dt>{t('board.away')}</dt>
          <dd>{agents.away}</dd>
        </div>
      </dl>
      <div className="table-wrap">
        <table>
          <caption>{t('board.queuesAt', { at: formatDateTime(at, language) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('board.queue')}</th>
              <th scope="col">{t('board.waiting')}</th>
              <th scope="col">{t('board.longest')}</th>
              <th scope="col">{t('board.maxWait')}</th>
            </tr>
          </thead>
          <tbody>
            {queues.map((q) => (
              <tr key={q.queue} className={q.longestWaitSeconds >= q.maxWaitSeconds && q.waiting > 0 ? 'over' : undefined}>
                <th scope="row">{q.queue}</th>
                <td>{q.waiting}</td>
                <td>{minutes(q.longestWaitSeconds)}</td>
                <td>{minutes(q.maxWaitSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function UnassignedTickets() {
  const { t } = useI18n();
  const unassigned = useQuery({
    queryKey: ['tickets', 'wallboard-unassigned'],
    queryFn: async () => (await listTickets({ status: 'new,open', assignee: 'none', limit: COUNT_UP_TO })).data,
    refetchInterval: REFRESH_MS,
  });
  if (unassigned.isPending) return <Loading />;
  if (unassigned.isError) return <LoadError error={unassigned.error} />;
  const { items, nextCursor } = unassigned.data;
  const urgent = items.filter((i) => i.priority === 'urgent').length;
  return (
    <dl className="tiles">
      <div className="tile">
        <dt>{t('board.unassigned')}</dt>
        <dd data-figure="unassigned">{nextCursor ? `${items.length}+` : items.length}</dd>
      </div>
      <div className="tile">
        <dt>{t('board.urgent')}</dt>
        <dd>{urgent}</dd>
      </div>
    </dl>
  );
}

/** Supervisors: the phone queues, who is available, and the tickets nobody has yet, read every few seconds. */
export function WallboardScreen() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="board-title">
      <h1 id="board-title">{t('board.title')}</h1>
      <h2>{t('board.tickets')}</h2>
      <UnassignedTickets />
      <h2>{t('board.phone')}</h2>
      <PhoneQueues />
    </section>
  );
}
