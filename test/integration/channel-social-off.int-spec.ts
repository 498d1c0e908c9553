// With Messenger and Slack off (no MESSENGER_VERIFY_TOKEN, SLACK_ENABLED=false)
// channel-social still runs, and the admin API for Pages and teams says plainly
// which setting turns the channel on instead of answering 404.
import { commonTestEnv, fetchJson, startService, type RunningService } from '@threadline/testing';
import { channelSocialService } from '../../services/channel-social/src/app.module';

let social: RunningService;

beforeAll(async () => {
  social = await startService(channelSocialService, { ...commonTestEnv('channel-social'), SLACK_ENABLED: 'false' });
});
afterAll(() => social?.close());

it('answers the Pages and teams API with 503 naming the setting, and the webhooks are not served', async () => {
  for (const [method, path, code, setting] of [
    ['GET', 'messenger/pages', 'MESSENGER_NOT_CONFIGURED', 'MESSENGER_VERIFY_TOKEN'],
    ['PATCH', 'messenger/pages/104857600123456', 'MESSENGER_NOT_CONFIGURED', 'MESSENGER_VERIFY_TOKEN'],
    ['POST', 'slack/teams', 'SLACK_NOT_CONFIGURED', 'SLACK_ENABLED'],
  ] as const) {
    const answer = await social.internalApi('ws-1').fetch(path, { method });
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ code });
    expect(answer.body.message).toContain(setting);
  }
  expect((await fetch(`${social.url}/webhooks/messenger?hub.mode=subscribe`)).status).toBe(404);
  expect((await fetch(`${social.url}/webhooks/slack/events`, { method: 'POST' })).status).toBe(404);
  expect((await fetchJson(`${social.url}/health`)).status).toBe(200);
});
