import { initialWallboard, nextWallboard, percent, type WallboardFrame } from './wallboard-frames';

const frame = (contacts: number): string =>
  JSON.stringify({
    at: '2026-12-06T10:00:00Z',
    queues: null,
    agents: null,
    today: {
      day: '2026-12-06',
      timeZone: 'Europe/Warsaw',
      contacts,
      ticketsOpened: 0,
      closed: 0,
      backlog: { open: 0, byQueue: [] },
      calls: {},
      sla: { breaches: 0 },
    },
  } satisfies WallboardFrame);

describe('the wall-board screen', () => {
  it('shows the snapshot, then each update, live', () => {
    const first = nextWallboard(initialWallboard, 'snapshot', frame(1));
    expect(first).toMatchObject({ status: 'live', board: { today: { contacts: 1 } } });
    expect(nextWallboard(first, 'update', frame(2)).board?.today?.contacts).toBe(2);
  });

  it('keeps the last figures while the stream is down, and is live again at the next snapshot', () => {
    const down = nextWallboard(nextWallboard(initialWallboard, 'snapshot', frame(3)), 'down');
    expect(down).toMatchObject({ status: 'down', board: { today: { contacts: 3 } } });
    expect(nextWallboard(down, 'snapshot', frame(4))).toMatchObject({ status: 'live', board: { today: { contacts: 4 } } });
  });

  it('stays closed with the gateway’s reason once the viewer lost access', () => {
    const closed = nextWallboard(initialWallboard, 'closed', JSON.stringify({ reason: 'role-changed' }));
    expect(closed).toMatchObject({ status: 'closed', closedReason: 'role-changed' });
    expect(nextWallboard(closed, 'down').status).toBe('closed');
  });

  it('says a share as whole per cent', () => {
    expect([percent(0.806), percent(null)]).toEqual(['81%', '—']);
  });
});
