// The live wall-board stream's frames (GET /api/v1/reports/wallboard/stream) and what the screen makes of them.
// No DOM here: the unit test runs it without a browser.

/** A queue's open tickets, from today's backlog report. */
export interface QueueBacklog {
  value: string;
  open: number;
}

/** One frame of the stream: channel-voice's board and reporting's today; a part whose service did not answer is null. */
export interface WallboardFrame {
  at: string;
  queues: { queue: string; waiting: number; longestWaitSeconds: number; maxWaitSeconds: number }[] | null;
  agents: { available: number; onCall: number; away: number } | null;
  today: {
    day: string;
    timeZone: string;
    contacts: number | null;
    ticketsOpened: number | null;
    closed: number | null;
    backlog: { open: number | null; byQueue: QueueBacklog[] };
    calls: {
      offered?: number;
      answered?: number;
      abandoned?: number;
      serviceLevel?: { seconds: number; share: number | null };
    };
    sla: { breaches: number | null };
  } | null;
}

export type StreamStatus = 'connecting' | 'live' | 'down' | 'closed';

export interface WallboardView {
  /** The last frame (kept while the stream is down, so the board does not go blank). */
  board: WallboardFrame | null;
  status: StreamStatus;
  /** Why the gateway ended the stream for good (`agent-removed`, `role-changed`). */
  closedReason: string | null;
}

export const WALLBOARD_EVENTS = ['snapshot', 'update', 'closed'] as const;

export const initialWallboard: WallboardView = { board: null, status: 'connecting', closedReason: null };

/** What a frame (or the stream breaking) does to the screen. A closed board stays closed. */
export function nextWallboard(view: WallboardView, event: string | 'down', data?: string): WallboardView {
  if (view.status === 'closed') return view;
  if (event === 'down') return { ...view, status: 'down' };
  if (event === 'closed') {
    const reason = (data ? (JSON.parse(data) as { reason?: unknown }).reason : null) ?? null;
    return { ...view, status: 'closed', closedReason: typeof reason === 'string' ? reason : null };
  }
  if (event === 'snapshot' || event === 'update')
    return { ...view, status: 'live', board: JSON.parse(data ?? 'null') as WallboardFrame };
  return view;
}

/** A share 0–1 as whole per cent, or a dash. */
export const percent = (share: number | null | undefined) => (typeof share === 'number' ? `${Math.round(share * 100)}%` : '—');
