import { chunk, pendingUids, resumePoint } from './sync-plan';

describe('resumePoint', () => {
  it('starts from the beginning of a folder never synced', () => {
    expect(resumePoint(null, '42')).toEqual({ lastUid: 0, resync: false });
  });
  it('resumes after the checkpoint when UIDVALIDITY is unchanged', () => {
    expect(resumePoint({ uidValidity: '42', lastUid: 17 }, '42')).toEqual({ lastUid: 17, resync: false });
  });
  it('resyncs the whole folder when UIDVALIDITY changed', () => {
    expect(resumePoint({ uidValidity: '42', lastUid: 17 }, '43')).toEqual({ lastUid: 0, resync: true });
  });
});

describe('pendingUids', () => {
  it('drops the highest UID a `N:*` search returns even when it is not new', () => {
    expect(pendingUids([17], 17)).toEqual([]);
  });
  it('keeps new UIDs once, ascending', () => {
    expect(pendingUids([21, 18, 18, 17, 19], 17)).toEqual([18, 19, 21]);
  });
});

describe('chunk', () => {
  it('splits into batches of at most the size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
