import type { TypedEnvelope } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import { createLogger } from '@threadline/observability';
import type { SocialMetrics } from '../social-metrics';
import type { ServerFrame } from './chat-protocol';
import { ChatReplies } from './chat-replies';
import type { ChatStoreRepository } from './chat-store.repository';
import { LiveSockets } from './live-sockets';

const reply = {
  id: 'evt-reply-1',
  type: 'outbound.requested.v1',
  workspaceId: 'ws-1',
  payload: {
    messageId: 'msg-1',
    channel: 'chat',
    text: 'Już sprawdzamy.',
    providerThreadId: 'session-1',
    requestedAt: '2026-12-07T04:00:00.000Z',
  },
} as unknown as TypedEnvelope<'outbound.requested.v1'>;

/** A visitor's socket on this instance, and a publisher whose first `failures` sends fail (Kafka away for a moment). */
function setUp(failures: number) {
  const frames: ServerFrame[] = [];
  const live = new LiveSockets();
  live.add('session-1', { send: (frame) => frames.push(frame) });
  const sends: string[] = [];
  let acknowledge: () => void = () => undefined;
  const acknowledged = new Promise<void>((resolve) => (acknowledge = resolve));
  const publisher = {
    publish: async (type: string, init: { payload: { status: string } }) => {
      sends.push(`${type} ${init.payload.status}`);
      if (sends.length <= failures) throw new Error('This server is not the leader for that topic-partition');
      acknowledge();
    },
  } as unknown as EventPublisher;
  const replies = new ChatReplies(
    ['ws-1'],
    {} as ChatStoreRepository,
    live,
    publisher,
    {} as SocialMetrics,
    createLogger('chat-replies-spec', 'silent'),
  );
  return { replies, frames, sends, acknowledged };
}

describe('ChatReplies', () => {
  it('pushes a reply once and tells "delivered" without holding the next reply back', async () => {
    const { replies, frames, sends, acknowledged } = setUp(0);
    expect(await replies.push(reply)).toBe('done');
    expect(frames).toEqual([
      { type: 'message', line: { id: 'msg-1', from: 'agent', text: 'Już sprawdzamy.', at: reply.payload.requestedAt } },
    ]);
    await acknowledged;
    expect(sends).toEqual(['delivery.updated.v1 delivered']);
  });

  it('retries a failed "delivered" alone: the visitor gets the reply once', async () => {
    const { replies, frames, sends } = setUp(2);
    expect(await replies.push(reply)).toBe('done');
    await replies.settle();
    expect(sends).toEqual(Array(3).fill('delivery.updated.v1 delivered'));
    expect(frames).toHaveLength(1);
  });

  it('gives up telling after its attempts, and still never pushes again', async () => {
    const { replies, frames, sends } = setUp(Infinity);
    replies.tellDelivered([reply]);
    await replies.settle();
    expect(sends).toHaveLength(5);
    expect(frames).toHaveLength(0);
  });
});
