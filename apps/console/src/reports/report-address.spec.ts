import { queryString, reportQueryOf } from './report-address';

describe('the report asked from the screen’s address', () => {
  it('sends the period and every filter set, the team among them, and nothing of the screen’s own', () => {
    const address = new URLSearchParams('report=volume&by=agent&from=2026-12-01&to=2026-12-06&team=Reklamacje%20Śląsk&queue=');
    expect(queryString(reportQueryOf(address))).toBe('?from=2026-12-01&to=2026-12-06&team=Reklamacje+%C5%9Al%C4%85sk');
  });

  it('leaves the period to the API until both ends are given', () => {
    expect(queryString(reportQueryOf(new URLSearchParams('from=2026-12-01')))).toBe('');
  });
});
