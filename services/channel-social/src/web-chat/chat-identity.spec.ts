import { chatSessionId, chatToContact, visitorKeyOf } from './chat-identity';
import { parseClientFrame } from './chat-protocol';
import { LiveSockets } from './live-sockets';

const message = {
  workspaceId: 'acme',
  visitorKey: visitorKeyOf('0123456789abcdef0123'),
  sessionId: chatSessionId('acme', 'v_key', 1),
  messageId: 'm-0123456789abcdef',
  text: 'Dzień dobry',
  name: 'Jan',
  email: 'jan@example.pl',
  live: true,
  receivedAt: new Date('2026-05-01T10:00:00Z'),
};

describe('chat identities', () => {
  it('the visitor id never leaves: the key is its hash, the same every time', () => {
    const key = visitorKeyOf('0123456789abcdef0123');
    expect(key).toMatch(/^v_[A-Za-z0-9_-]{27}$/);
    expect(key).not.toContain('0123456789abcdef0123');
    expect(visitorKeyOf('0123456789abcdef0123')).toBe(key);
  });

  it('a session id is the same on every instance and new after each close', () => {
    expect(chatSessionId('acme', 'v_1', 1)).toBe(chatSessionId('acme', 'v_1', 1));
    expect(chatSessionId('acme', 'v_1', 2)).not.toBe(chatSessionId('acme', 'v_1', 1));
    expect(chatSessionId('other', 'v_1', 1)).not.toBe(chatSessionId('acme', 'v_1', 1));
  });

  it('a live message is threaded by its session and carries both identities', () => {
    expect(chatToContact(message)).toMatchObject({
      channel: 'chat',
      providerMessageId: `${message.sessionId}:m-0123456789abcdef`,
      from: [
        { kind: 'chat', value: message.visitorKey },
        { kind: 'email', value: 'jan@example.pl', displayName: 'Jan' },
      ],
      thread: { providerThreadId: message.sessionId },
    });
  });

  it('a message left offline has no session to answer in', () => {
    expect(chatToContact({ ...message, live: false }).thread.providerThreadId).toBeNull();
    expect(chatToContact({ ...message, email: null }).from).toEqual([{ kind: 'chat', value: message.visitorKey }]);
  });
});

describe('parseClientFrame', () => {
  it('reads the widget’s frames and refuses the rest with a reason', () => {
    expect(parseClientFrame('{"type":"hello","workspace":"acme","visitorId":"0123456789abcdef0123"}')).toMatchObject({
      ok: true,
    });
    expect(parseClientFrame('{"type":"hello","workspace":"acme","visitorId":"short"}')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^visitorId/),
    });
    expect(parseClientFrame('{"type":"message","id":"0123456789abcdef","text":"  "}')).toMatchObject({ ok: false });
    expect(parseClientFrame('{"type":"message","id":"0123456789abcdef","text":"x","email":"nope"}')).toMatchObject({ ok: false });
    expect(parseClientFrame('not json')).toEqual({ ok: false, message: 'frame is not JSON' });
  });

  it('takes a visitor’s internationalised e-mail address (RFC 6531)', () => {
    const hello = '{"type":"hello","workspace":"acme","visitorId":"0123456789abcdef0123","email":"ewa.zielińska@example.pl"}';
    expect(parseClientFrame(hello)).toMatchObject({ ok: true, frame: { email: 'ewa.zielińska@example.pl' } });
    expect(parseClientFrame(hello.replace('ewa.zielińska@example.pl', 'ewa zielińska'))).toMatchObject({ ok: false });
  });

  it('reads typing and read frames, and nothing more in them', () => {
    expect(parseClientFrame('{"type":"typing"}')).toEqual({ ok: true, frame: { type: 'typing' } });
    expect(parseClientFrame('{"type":"typing","text":"what I am writing"}')).toMatchObject({ ok: false });
    expect(parseClientFrame('{"type":"read","lineId":"reply-1"}')).toEqual({
      ok: true,
      frame: { type: 'read', lineId: 'reply-1' },
    });
    expect(parseClientFrame('{"type":"read"}')).toMatchObject({ ok: false, message: expect.stringMatching(/^lineId/) });
    expect(parseClientFrame('{"type":"read","lineId":""}')).toMatchObject({ ok: false });
    expect(parseClientFrame(JSON.stringify({ type: 'read', lineId: 'x'.repeat(201) }))).toMatchObject({ ok: false });
  });
});

describe('LiveSockets', () => {
  it('pushes to every tab of the session and forgets closed ones', () => {
    const live = new LiveSockets();
    const got: string[] = [];
    const tab = (name: string) => ({ send: () => void got.push(name) });
    const one = tab('one');
    live.add('s1', one);
    live.add('s1', tab('two'));
    live.add('s2', tab('other'));
    expect(live.push('s1', { type: 'closed', survey: null })).toBe(2);
    live.remove('s1', one);
    expect(live.push('s1', { type: 'closed', survey: null })).toBe(1);
    expect(live.push('nobody', { type: 'closed', survey: null })).toBe(0);
    expect(got).toEqual(['one', 'two', 'two']);
  });
});
