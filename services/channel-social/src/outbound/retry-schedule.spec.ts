import { retryDelayMs } from './retry-schedule';

it('doubles the delay from the base for each retry, up to the cap', () => {
  expect([2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, 500))).toEqual([500, 1000, 2000, 4000, 4000]);
});
