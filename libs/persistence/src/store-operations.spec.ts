import { documentsWrittenBy } from './store-operations';

describe('documentsWrittenBy', () => {
  it('counts an insert’s documents and an update’s or a delete’s statements', () => {
    expect(documentsWrittenBy('insert', { insert: 'c', documents: [{ _id: 1 }, { _id: 2 }, { _id: 3 }] })).toBe(3);
    expect(
      documentsWrittenBy('update', {
        update: 'c',
        updates: [
          { q: {}, u: {} },
          { q: {}, u: {} },
        ],
      }),
    ).toBe(2);
    expect(documentsWrittenBy('delete', { delete: 'c', deletes: [{ q: {}, limit: 1 }] })).toBe(1);
  });

  it('counts nothing for reads and other commands', () => {
    expect(documentsWrittenBy('find', { find: 'c', filter: {} })).toBe(0);
    expect(documentsWrittenBy('insert', { insert: 'c' })).toBe(0);
    expect(documentsWrittenBy('hello', { hello: 1 })).toBe(0);
  });
});
