import { acknowledgementSettingsBody } from '@threadline/contracts';
import { acknowledges, defaultSettings } from './acknowledgement-settings';

const fieldsOf = (body: unknown) => acknowledgementSettingsBody.safeParse(body).error?.issues.map((i) => i.path.join('.')) ?? [];

const polish = {
  subject: 'Zgłoszenie [#{{number}}]: {{subject}}',
  text: 'Dzień dobry, zgłoszenie nr {{number}} przyjęte.',
  shortText: 'Zgłoszenie nr {{number}} przyjęte — odpowiemy wkrótce.',
};

describe('acknowledgement settings', () => {
  it('keeps what an admin leaves out as the defaults: e-mail only, the customer’s language, Polish, built-in texts', () => {
    expect(acknowledgementSettingsBody.parse({ enabled: true })).toEqual({
      enabled: true,
      channels: { email: true, sms: false, messenger: false, slack: false, chat: false, voice: false },
      languageFrom: 'customer',
      defaultLanguage: 'pl',
      templates: {},
    });
  });

  it('keeps Polish texts as written', () => {
    expect(acknowledgementSettingsBody.parse({ enabled: true, templates: { pl: polish } }).templates.pl).toEqual(polish);
  });

  it('refuses a text without the ticket number, an unknown placeholder, channel or field, naming each', () => {
    expect(fieldsOf({ enabled: true, templates: { pl: { ...polish, shortText: 'Dziękujemy!' } } })).toEqual([
      'templates.pl.shortText',
    ]);
    expect(fieldsOf({ enabled: true, templates: { en: { ...polish, text: '{{number}} {{customer}}' } } })).toEqual([
      'templates.en.text',
    ]);
    expect(fieldsOf({ enabled: true, channels: { fax: true } })).toEqual(['channels']);
    expect(fieldsOf({ enabled: 'yes', language: 'de' })).toEqual(['enabled', '']);
  });

  it('acknowledges a channel only while both the workspace and the channel are switched on', () => {
    const settings = acknowledgementSettingsBody.parse({ enabled: true, channels: { sms: true, email: false } });
    expect(acknowledges(settings, 'sms')).toBe(true);
    expect(acknowledges(settings, 'email')).toBe(false);
    expect(acknowledges({ ...settings, enabled: false }, 'sms')).toBe(false);
    expect(acknowledges(defaultSettings({ emailEnabled: true, language: 'pl' }), 'email')).toBe(true);
    expect(acknowledges(defaultSettings({ emailEnabled: false, language: 'pl' }), 'email')).toBe(false);
  });
});
