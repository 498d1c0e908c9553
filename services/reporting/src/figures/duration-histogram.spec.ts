import {
  bucketOf,
  countWithin,
  emptyHistogram,
  mergeHistograms,
  percentile,
  RESPONSE_BOUNDS_SECONDS,
  summarise,
  WAIT_BOUNDS_SECONDS,
  type HistogramCounts,
} from './duration-histogram';

function histogramOf(seconds: number[], bounds = RESPONSE_BOUNDS_SECONDS): HistogramCounts {
  const counts = emptyHistogram();
  for (const s of seconds) {
    const b = String(bucketOf(s, bounds));
    mergeHistograms(counts, { n: 1, sum: s, max: s, h: { [b]: 1 } });
  }
  return counts;
}

describe('duration histograms', () => {
  it('puts a duration on a bound into that bound’s bucket and anything past the last bound into the overflow bucket', () => {
    expect(bucketOf(0, RESPONSE_BOUNDS_SECONDS)).toBe(0);
    expect(bucketOf(30, RESPONSE_BOUNDS_SECONDS)).toBe(0);
    expect(bucketOf(31, RESPONSE_BOUNDS_SECONDS)).toBe(1);
    expect(bucketOf(400 * 86400, RESPONSE_BOUNDS_SECONDS)).toBe(RESPONSE_BOUNDS_SECONDS.length);
  });

  it('answers median and p90 as the upper bound of the bucket they fall in', () => {
    // 10 replies: 6 within 5 minutes (4 of them within 2), 3 within an hour, 1 after a day and a half.
    const counts = histogramOf([60, 90, 100, 110, 200, 250, 1000, 1500, 3000, 129_600]);
    expect(percentile(counts, 0.5, RESPONSE_BOUNDS_SECONDS)).toBe(300);
    expect(percentile(counts, 0.9, RESPONSE_BOUNDS_SECONDS)).toBe(3600);
    expect(summarise(counts)).toEqual({
      count: 10,
      averageSeconds: Math.round((60 + 90 + 100 + 110 + 200 + 250 + 1000 + 1500 + 3000 + 129_600) / 10),
      medianSeconds: 300,
      p90Seconds: 3600,
      maxSeconds: 129_600,
    });
  });

  it('never answers a percentile above the longest duration seen', () => {
    expect(summarise(histogramOf([61, 62, 63]))).toMatchObject({ medianSeconds: 63, p90Seconds: 63, maxSeconds: 63 });
    expect(percentile(histogramOf([100 * 86400]), 0.5, RESPONSE_BOUNDS_SECONDS)).toBe(100 * 86400);
  });

  it('has no figures for no durations', () => {
    expect(summarise(emptyHistogram())).toEqual({
      count: 0,
      averageSeconds: null,
      medianSeconds: null,
      p90Seconds: null,
      maxSeconds: null,
    });
  });

  it('adds days up bucket by bucket, so a month’s percentile equals the percentile of all its durations', () => {
    const month = mergeHistograms(mergeHistograms(emptyHistogram(), histogramOf([10, 20, 700])), histogramOf([4000, 5000]));
    expect(month).toEqual(histogramOf([10, 20, 700, 4000, 5000]));
  });

  it('counts waits within a service-level threshold exactly, and refuses a threshold that is no bound', () => {
    const waits = histogramOf([3, 12, 20, 21, 300], WAIT_BOUNDS_SECONDS);
    expect(countWithin(waits, 20, WAIT_BOUNDS_SECONDS)).toBe(3);
    expect(countWithin(waits, 300, WAIT_BOUNDS_SECONDS)).toBe(5);
    expect(() => countWithin(waits, 25, WAIT_BOUNDS_SECONDS)).toThrow('not a bucket bound');
  });
});
