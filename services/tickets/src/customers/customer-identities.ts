import type { CustomerDoc, CustomerIdentity, IdentityLinkDoc } from './customer.schema';

/**
 * A customer's identities as their links say (one link per identity, written by a unique insert, so
 * never lost to a concurrent writer): the identity the customer was created from first, then by kind
 * and value. Links written before they kept the Messenger page or Slack team take it from the record.
 */
export function identitiesFromLinks(customer: CustomerDoc, links: IdentityLinkDoc[]): CustomerIdentity[] {
  const unique = [...new Map(links.map((link) => [link._id, link])).values()];
  const founding = (link: IdentityLinkDoc) => (link._id === customer._id ? 0 : 1);
  unique.sort((a, b) => founding(a) - founding(b) || a.kind.localeCompare(b.kind) || a.value.localeCompare(b.value));
  return unique.map((link) => withScope(link, customer.identities ?? []));
}

function withScope(link: IdentityLinkDoc, cached: CustomerIdentity[]): CustomerIdentity {
  const { kind, value } = link;
  if (kind !== 'messenger' && kind !== 'slack') return { kind, value };
  const legacy = cached.find((i) => i.kind === kind && i.value === value);
  if (kind === 'messenger') return { kind, value, pageId: link.pageId ?? legacy?.pageId };
  return { kind, value, teamId: link.teamId ?? legacy?.teamId };
}
