import { useQuery } from '@tanstack/react-query';
import { listTickets } from '../api/agent-api';
import { formatDateTime } from '../i18n/dates';
import { useI18n } from '../i18n/i18n';
import { useWallboardStream } from '../reports/use-wallboard-stream';
import { percent, type WallboardFrame, type WallboardView } from '../reports/wallboard-frames';
import { LoadError, Loading } from '../ui/query-state';
import { minutes } from '../voice/voice-board';

/** Unassigned tickets counted up to this; more shows as "200+". */
const COUNT_UP_TO = 200;

const shown = (n: number | null | undefined) => (typeof n === 'number' ? n : '—');

function StreamStatus({ view }: { view: WallboardView }) {
  const { t, tv } = useI18n();
  const text =
    view.status === 'closed'
      ? t('board.stream.closed', { reason: view.closedReason ? tv('boardClosed', view.closedReason) : '' })
      : t(`board.stream.${view.status}`);
  return (
    <p role="status" data-stream={view.status} className={view.status === 'live' ? 'live live-on' : 'live live-off'}>
      {text}
    </p>
  );
}

function Today({ today }: { today: WallboardFrame['today'] }) {
  const { t } = useI18n();
  if (!today) return <p className="muted">{t('board.todayOff')}</p>;
  const tiles: [string, string, number | null][] = [
    ['contacts', t('board.contacts'), today.contacts],
    ['opened', t('board.opened'), today.ticketsOpened],
    ['closed', t('board.closed'), today.closed],
    ['open', t('board.open'), today.backlog.open],
    ['breaches', t('board.breaches'), today.sla.breaches],
  ];
  return (
    <>
      <dl className="tiles">
        {tiles.map(([name, label, value]) => (
          <div key={name} className="tile">
            <dt>{label}</dt>
            <dd data-figure={name}>{shown(value)}</dd>
          </div>
        ))}
      </dl>
      {today.backlog.byQueue.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{t('board.backlogByQueue')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('board.queue')}</th>
                <th scope="col">{t('board.openTickets')}</th>
              </tr>
            </thead>
            <tbody>
              {today.backlog.byQueue.map((q) => (
                <tr key={q.value}>
                  <th scope="row">{q.value}</th>
                  <td>{q.open}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function PhoneQueues({ board }: { board: WallboardFrame }) {
  const { t, language } = useI18n();
  const { queues, agents } = board;
  const calls = board.today?.calls;
  if (!queues || !agents) return <p className="muted">{t('board.voiceNone')}</p>;
  return (
    <>
      <dl className="tiles">
        <div className="tile">
          <dt>{t('board.available')}</dt>
          <dd data-figure="available">{agents.available}</dd>
        </div>
        <div className="tile">
          <dt>{t('board.onCall')}</dt>
          <dd>{agents.onCall}</dd>
        </div>
        <div className="tile">
          <dt>{t('board.away')}</dt>
          <dd>{agents.away}</dd>
        </div>
        {calls && (
          <>
            <div className="tile">
              <dt>{t('board.offered')}</dt>
              <dd>{shown(calls.offered)}</dd>
            </div>
            <div className="tile">
              <dt>{t('board.answered')}</dt>
              <dd>{shown(calls.answered)}</dd>
            </div>
            <div className="tile">
              <dt>{t('board.abandoned')}</dt>
              <dd>{shown(calls.abandoned)}</dd>
            </div>
            {calls.serviceLevel && (
              <div className="tile">
                <dt>{t('board.serviceLevel', { seconds: calls.serviceLevel.seconds })}</dt>
                <dd>{percent(calls.serviceLevel.share)}</dd>
              </div>
            )}
          </>
        )}
      </dl>
      <div className="table-wrap">
        <table>
          <caption>{t('board.queuesAt', { at: formatDateTime(board.at, language) })}</caption>
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

/** Nobody's open tickets: reloaded by the console's live ticket events (the ['tickets'] queries), not by a timer. */
function UnassignedTickets() {
  const { t } = useI18n();
  const unassigned = useQuery({
    queryKey: ['tickets', 'wallboard-unassigned'],
    queryFn: async () => (await listTickets({ status: 'new,open', assignee: 'none', limit: COUNT_UP_TO })).data,
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

/** Supervisors: today's figures, the phone queues and who is available, pushed by the wall-board stream; nobody's tickets. */
export function WallboardScreen() {
  const { t } = useI18n();
  const view = useWallboardStream();
  const board = view.board;
  return (
    <section aria-labelledby="board-title">
      <h1 id="board-title">{t('board.title')}</h1>
      <StreamStatus view={view} />
      {board ? (
        <>
          <h2>{t('board.today', { day: board.today?.day ?? '—' })}</h2>
          <Today today={board.today} />
        </>
      ) : (
        view.status !== 'closed' && <Loading />
      )}
      <h2>{t('board.tickets')}</h2>
      <UnassignedTickets />
      {board && (
        <>
          <h2>{t('board.phone')}</h2>
          <PhoneQueues board={board} />
        </>
      )}
    </section>
  );
}
