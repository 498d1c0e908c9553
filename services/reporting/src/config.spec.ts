import { ConfigError, loadConfig } from '@threadline/config';
import { calendarOf, reportingConfigSchema, timeZoneOf } from './config';

const base = {
  HTTP_PORT: '3007',
  INTERNAL_HTTP_PORT: '3107',
  SERVICE_TOKEN_SECRET: 's'.repeat(40),
  KAFKA_BROKERS: '127.0.0.1:9092',
  MONGO_URL: 'mongodb://127.0.0.1:27017/',
  MONGO_DATABASE: 'threadline_reporting',
};

describe('reporting config', () => {
  it('counts days in Europe/Warsaw unless a workspace has its own zone', () => {
    const config = loadConfig('reporting', reportingConfigSchema, {
      ...base,
      REPORTING_TIME_ZONES: JSON.stringify({ 'ws-uk': 'Europe/London' }),
    });
    expect(config.REPORTING_CONSUMER_GROUP).toBe('reporting');
    expect(config.REPORTING_MAX_PERIOD_DAYS).toBe(366);
    expect(timeZoneOf(config)('ws-demo')).toBe('Europe/Warsaw');
    expect(timeZoneOf(config)('ws-uk')).toBe('Europe/London');
  });

  it('projects 5,000 events of a partition at once unless told, and refuses a batch size out of bounds', () => {
    expect(loadConfig('reporting', reportingConfigSchema, base).REPORTING_BATCH_EVENTS).toBe(5000);
    expect(
      loadConfig('reporting', reportingConfigSchema, { ...base, REPORTING_BATCH_EVENTS: '20000' }).REPORTING_BATCH_EVENTS,
    ).toBe(20_000);
    for (const wrong of ['50', '60000', 'many'])
      expect(() => loadConfig('reporting', reportingConfigSchema, { ...base, REPORTING_BATCH_EVENTS: wrong })).toThrow(
        /REPORTING_BATCH_EVENTS/,
      );
  });

  it('refuses a zone that does not exist, naming the setting and the workspace', () => {
    const load = () =>
      loadConfig('reporting', reportingConfigSchema, {
        ...base,
        REPORTING_TIME_ZONES: JSON.stringify({ 'ws-1': 'Europe/Warszawa' }),
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/REPORTING_TIME_ZONES: \[ws-1\] must be an IANA time zone/);
  });

  it('measures business time in a workspace’s own office hours, else Monday–Friday 08:00–16:00 in Warsaw', () => {
    const config = loadConfig('reporting', reportingConfigSchema, {
      ...base,
      REPORTING_BUSINESS_CALENDARS: JSON.stringify({
        'ws-late': { open: [{ days: [1, 2, 3, 4, 5, 6], from: '10:00', to: '18:00' }] },
      }),
    });
    expect(calendarOf(config)('ws-late')).toEqual({
      timezone: 'Europe/Warsaw',
      open: [{ days: [1, 2, 3, 4, 5, 6], from: '10:00', to: '18:00' }],
      closedOnPolishHolidays: true,
      exceptions: [],
    });
    expect(calendarOf(config)('ws-demo').open).toEqual([{ days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' }]);
    const bad = () =>
      loadConfig('reporting', reportingConfigSchema, {
        ...base,
        REPORTING_BUSINESS_CALENDARS: JSON.stringify({ 'ws-1': { open: [{ days: [8], from: '10:00', to: '18:00' }] } }),
      });
    expect(bad).toThrow(/REPORTING_BUSINESS_CALENDARS: \[ws-1\.open\.0\.days\.0\]/);
  });
});
