import { ManageNumbers, NumberRequestError } from './manage-numbers.usecase';
import { NumberDirectory } from './number-directory';
import type { CreateOutcome, StoredNumber } from './stored-number.repository';

/** The repository's contract in memory: the number is the key, as the unique `_id` is in the store. */
class InMemoryNumbers {
  readonly rows = new Map<string, StoredNumber>();
  async create(workspaceId: string, number: string, calls: StoredNumber['calls']): Promise<CreateOutcome> {
    const taken = this.rows.get(number);
    if (taken) return { takenBy: taken.workspaceId };
    const row = { number, workspaceId, calls, createdAt: new Date(0), updatedAt: new Date(0) };
    this.rows.set(number, row);
    return { created: row };
  }
  async update(workspaceId: string, number: string, calls: StoredNumber['calls']) {
    const row = this.rows.get(number);
    if (row?.workspaceId !== workspaceId) return null;
    row.calls = calls;
    return row;
  }
  async remove(workspaceId: string, number: string) {
    return this.rows.get(number)?.workspaceId === workspaceId && this.rows.delete(number);
  }
  async all() {
    return [...this.rows.values()];
  }
}

const configured = [{ number: '+48221000001', workspaceId: 'ws-a' }];

function setup() {
  const stored = new InMemoryNumbers();
  const directory = new NumberDirectory(configured, stored, 60_000);
  const manage = new ManageNumbers(stored, directory, configured);
  return { stored, directory, manage };
}

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof NumberRequestError ? error.code : 'other'),
  );

describe('ManageNumbers', () => {
  it('gives a number one owner: another workspace gets NUMBER_TAKEN, whether the number is stored or configured', async () => {
    const { manage } = setup();
    expect(await code(manage.add('ws-a', { number: '+48221000002', calls: null }))).toBe('ok');
    expect(await code(manage.add('ws-b', { number: '+48221000002', calls: null }))).toBe('NUMBER_TAKEN');
    expect(await code(manage.add('ws-b', { number: '+48221000001', calls: null }))).toBe('NUMBER_TAKEN');
    // Its own configured number may be stored over.
    expect(await code(manage.add('ws-a', { number: '+48221000001', calls: null }))).toBe('ok');
  });

  it('applies changes at once although the directory caches for a minute', async () => {
    const { manage, directory } = setup();
    expect(await directory.workspaceOf('+48221000003')).toBeNull();
    await manage.add('ws-b', { number: '+48221000003', calls: null });
    expect(await directory.workspaceOf('+48221000003')).toBe('ws-b');
    await manage.remove('ws-b', '+48221000003');
    expect(await directory.workspaceOf('+48221000003')).toBeNull();
  });

  it('answers another workspace’s number as not found, and a configured one as not the API’s to change', async () => {
    const { manage } = setup();
    await manage.add('ws-b', { number: '+48221000004', calls: null });
    expect(await code(manage.change('ws-a', '+48221000004', null))).toBe('NUMBER_NOT_FOUND');
    expect(await code(manage.remove('ws-a', '+48221000004'))).toBe('NUMBER_NOT_FOUND');
    expect(await code(manage.remove('ws-a', '+48221000001'))).toBe('NUMBER_CONFIGURED');
    expect(await code(manage.remove('ws-b', '+48221000001'))).toBe('NUMBER_NOT_FOUND');
    expect((await manage.list('ws-b')).map((n) => [n.number, n.source])).toEqual([['+48221000004', 'api']]);
  });
});
