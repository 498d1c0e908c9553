import { RETENTION_OFF } from './retention-settings.repository';
import { retentionCutoffs, retentionDay } from './retention-cutoffs';

describe('retention cutoffs', () => {
  it('counts the day on the office calendar: 23:30 UTC on 6 December is already 7 December in Warsaw', () => {
    expect(retentionDay(new Date('2026-12-06T23:30:00Z'))).toBe('2026-12-07');
    expect(retentionDay(new Date('2026-12-06T22:59:00Z'))).toBe('2026-12-06');
  });

  it('goes back whole calendar months in Warsaw, across the change of time', () => {
    const cutoffs = retentionCutoffs(
      { ...RETENTION_OFF, closedTicketsMonths: 6, chatTranscriptsMonths: 1 },
      new Date('2026-12-06T10:00:00Z'), // 11:00 in Warsaw (winter time)
    );
    expect(cutoffs.closedTickets?.toISOString()).toBe('2026-06-06T09:00:00.000Z'); // 11:00 summer time
    // A month back from 31 March is the last day of February.
    expect(
      retentionCutoffs(
        { ...RETENTION_OFF, chatTranscriptsMonths: 1 },
        new Date('2027-03-31T10:00:00Z'),
      ).chatTranscripts?.toISOString(),
    ).toBe('2027-02-28T11:00:00.000Z');
  });

  it('leaves a period that is off without a cutoff, and counts raw mails in days', () => {
    const cutoffs = retentionCutoffs({ ...RETENTION_OFF, rejectedMailsDays: 30 }, new Date('2026-12-06T10:00:00Z'));
    expect(cutoffs).toEqual({
      closedTickets: null,
      chatTranscripts: null,
      callRecordings: null,
      rejectedMails: new Date('2026-11-06T10:00:00.000Z'),
    });
  });
});
