import { reportCsv } from './csv';

describe('reportCsv', () => {
  it('starts with a UTF-8 byte order mark and keeps Polish letters, quoting what needs it', () => {
    const csv = reportCsv({
      table: {
        columns: ['dimension', 'value', 'tickets'],
        rows: [
          ['category', 'Reklamacja, żółta łódź', 3],
          ['queue', 'Zażółć "gęślą" jaźń', null],
        ],
      },
    });
    const bytes = Buffer.from(csv, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'dimension,value,tickets\r\ncategory,"Reklamacja, żółta łódź",3\r\nqueue,"Zażółć ""gęślą"" jaźń",\r\n',
    );
  });
});
