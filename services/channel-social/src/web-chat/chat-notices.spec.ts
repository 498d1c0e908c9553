import { createLogger } from '@threadline/observability';
import type { InternalApiClient } from '@threadline/service-runtime';
import { ChatNotices } from './chat-notices';

const polish = { pl: 'Administratorem danych jest Sklep Żółw sp. z o.o.', en: 'Sklep Żółw Ltd. controls your data.' };

/** The tickets service's answers, one per call, and the paths it was asked. */
function tickets(answers: Array<Response | Error>) {
  const asked: string[] = [];
  const client = {
    asItself: (workspaceId: string, path: string) => {
      asked.push(`${workspaceId}/${path}`);
      const next = answers.shift() ?? new Error('no more answers');
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  } as unknown as InternalApiClient;
  return { client, asked };
}

describe('the chat notice a widget shows', () => {
  let now = 0;
  const notices = (client: InternalApiClient | null) =>
    new ChatNotices(client, 30_000, createLogger('chat-notices-spec', 'silent'), () => now);

  beforeEach(() => (now = 1_000_000));

  it("is the workspace's text from tickets, asked once per workspace within the cache time", async () => {
    const { client, asked } = tickets([Response.json(polish), Response.json(polish)]);
    const chat = notices(client);
    expect(await chat.of('ws-1')).toEqual(polish);
    now += 29_000;
    expect(await chat.of('ws-1')).toEqual(polish);
    expect(asked).toEqual(['ws-1/surveys/chat-notice']);
    now += 2_000;
    await chat.of('ws-1');
    expect(asked).toHaveLength(2);
  });

  it('keeps the last text while tickets does not answer, and asks again only after the cache time', async () => {
    const changed = { pl: 'Nowa informacja', en: 'New notice' };
    const { client, asked } = tickets([
      Response.json(polish),
      new Error('connect ECONNREFUSED'),
      new Response('{}', { status: 503 }),
      Response.json(changed),
    ]);
    const chat = notices(client);
    await chat.of('ws-1');
    now += 31_000;
    expect(await chat.of('ws-1')).toEqual(polish);
    expect(await chat.of('ws-1')).toEqual(polish);
    expect(asked).toHaveLength(2);
    now += 31_000;
    expect(await chat.of('ws-1')).toEqual(polish);
    now += 31_000;
    expect(await chat.of('ws-1')).toEqual(changed);
  });

  it('is none when tickets was never reached or is not configured: the chat goes on without it', async () => {
    const { client } = tickets([new Error('connect ECONNREFUSED')]);
    expect(await notices(client).of('ws-1')).toBeNull();
    expect(await notices(null).of('ws-1')).toBeNull();
  });
});
