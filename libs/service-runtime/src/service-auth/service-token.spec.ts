import { ServiceTokenMinter, ServiceTokenVerifier } from './service-token';

const secret = 'a-service-token-secret-of-forty-characters';
const caller = { workspaceId: 'ws-1', agentId: 'agent-ola', role: 'supervisor' as const };

describe('service tokens', () => {
  it('carry workspace, agent, role and issuer to the service they are for', async () => {
    const token = await new ServiceTokenMinter('gateway', secret).mint('tickets', caller);
    expect(await new ServiceTokenVerifier('tickets', secret).verify(token)).toEqual({ ...caller, issuer: 'gateway' });
  });

  it('open nothing at another service, with another secret, or once expired', async () => {
    const token = await new ServiceTokenMinter('gateway', secret).mint('tickets', caller);
    expect(await new ServiceTokenVerifier('channel-voice', secret).verify(token)).toBeNull();
    expect(await new ServiceTokenVerifier('tickets', `${secret}-other`).verify(token)).toBeNull();
    const expired = await new ServiceTokenMinter('gateway', secret, -30).mint('tickets', caller);
    expect(await new ServiceTokenVerifier('tickets', secret).verify(expired)).toBeNull();
    expect(await new ServiceTokenVerifier('tickets', secret).verify('not.a.token')).toBeNull();
  });
});
