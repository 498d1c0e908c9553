import type { CustomerDoc, IdentityLinkDoc } from './customer.schema';
import { identitiesFromLinks } from './customer-identities';

const link = (id: string, fields: Partial<IdentityLinkDoc>): IdentityLinkDoc => ({
  _id: id,
  workspaceId: 'ws',
  customerId: 'c-1',
  kind: 'email',
  value: '',
  ...fields,
});

describe('identitiesFromLinks', () => {
  // The record's cache lost the phone (a concurrent writer); it still knows an old Messenger link's page.
  const customer = {
    _id: 'c-1',
    workspaceId: 'ws',
    identities: [
      { kind: 'email', value: 'jadwiga@example.pl' },
      { kind: 'messenger', value: '7300000000001', pageId: 'page-1' },
    ],
  } as CustomerDoc;
  const links = [
    link('k-phone', { kind: 'phone', value: '+48601000001' }),
    link('k-slack', { kind: 'slack', value: 'U0JADWIGA01', teamId: 'T1' }),
    link('k-psid', { kind: 'messenger', value: '7300000000001' }), // written before links kept the page
    link('c-1', { kind: 'email', value: 'jadwiga@example.pl' }),
    link('k-phone', { kind: 'phone', value: '+48601000001' }), // read twice (own and a merged record's)
  ];

  it('lists every linked identity once, the one the customer was created from first', () => {
    expect(identitiesFromLinks(customer, links)).toEqual([
      { kind: 'email', value: 'jadwiga@example.pl' },
      { kind: 'messenger', value: '7300000000001', pageId: 'page-1' },
      { kind: 'phone', value: '+48601000001' },
      { kind: 'slack', value: 'U0JADWIGA01', teamId: 'T1' },
    ]);
  });
});
