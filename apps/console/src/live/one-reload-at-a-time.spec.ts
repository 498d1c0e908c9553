import { oneReloadAtATime } from './one-reload-at-a-time';

/** A reload the test finishes by hand. */
function manualReloads() {
  const pending: Array<() => void> = [];
  const reload = () => new Promise<void>((resolve) => pending.push(resolve));
  const finishNext = async () => {
    pending.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { reload, pending, finishNext };
}

describe('oneReloadAtATime', () => {
  it('reloads at once when nothing is running', () => {
    const { reload, pending } = manualReloads();
    oneReloadAtATime(reload)();
    expect(pending).toHaveLength(1);
  });

  it('never starts a second reload beside a running one, and runs one more after it for every burst of events', async () => {
    const { reload, pending, finishNext } = manualReloads();
    const refresh = oneReloadAtATime(reload);
    refresh();
    refresh();
    refresh();
    refresh();
    expect(pending).toHaveLength(1);
    await finishNext();
    expect(pending).toHaveLength(1); // the burst's one follow-up
    await finishNext();
    expect(pending).toHaveLength(0);
    refresh();
    expect(pending).toHaveLength(1);
  });

  it('keeps going after a reload that failed', async () => {
    let calls = 0;
    const refresh = oneReloadAtATime(async () => {
      calls += 1;
      if (calls === 1) throw new Error('offline');
    });
    refresh();
    refresh();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(2);
  });
});
