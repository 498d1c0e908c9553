import { retryDelayMs } from './send-with-retries';

it('doubles the delay from the base for each retry, up to the cap', () => {
  expect([2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, 500))).toEqual([500, 1000, 2000, 4000, 4000]);
});

it('takes the cap it is given', () => {
  expect([2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, 1000, 5000))).toEqual([1000, 2000, 4000, 5000, 5000]);
});
