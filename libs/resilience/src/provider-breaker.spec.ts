import { PlatformMetrics } from '@threadline/observability';
import { ProviderBreaker, ProviderTimeoutError, ProviderUnavailableError } from './provider-breaker';

class BadRequest extends Error {}
const transient = () => Promise.reject(new Error('connection refused'));
const permanent = () => Promise.reject(new BadRequest('550 no such user'));

function breaker(extra: Partial<ConstructorParameters<typeof ProviderBreaker>[0]> = {}) {
  return new ProviderBreaker({
    provider: 'smtp:test',
    timeoutMs: 200,
    volumeThreshold: 3,
    resetTimeoutMs: 60_000,
    isPermanent: (e) => e instanceof BadRequest,
    ...extra,
  });
}

describe('ProviderBreaker', () => {
  it('opens after repeated outages and then stops calling the provider', async () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) await expect(b.call(transient)).rejects.toThrow('connection refused');
    expect(b.state).toBe('open');
    const work = jest.fn(() => Promise.resolve('sent'));
    await expect(b.call(work)).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(work).not.toHaveBeenCalled();
    b.shutdown();
  });

  it('does not open on requests the provider rejects as wrong (a bad address is not an outage)', async () => {
    const b = breaker();
    for (let i = 0; i < 10; i++) await expect(b.call(permanent)).rejects.toBeInstanceOf(BadRequest);
    expect(b.state).toBe('closed');
    await expect(b.call(() => Promise.resolve('sent'))).resolves.toBe('sent');
    b.shutdown();
  });

  it('one failure after idle does not open it', async () => {
    const b = breaker();
    await expect(b.call(transient)).rejects.toThrow();
    expect(b.state).toBe('closed');
    b.shutdown();
  });

  it('abandons a slow call: its signal is aborted and the call fails as a timeout', async () => {
    const b = breaker({ timeoutMs: 50 });
    let aborted = false;
    const slow = (signal: AbortSignal) =>
      new Promise<string>((resolve) => {
        signal.addEventListener('abort', () => (aborted = true));
        setTimeout(() => resolve('late'), 500);
      });
    await expect(b.call(slow)).rejects.toBeInstanceOf(ProviderTimeoutError);
    expect(aborted).toBe(true);
    b.shutdown();
  });

  it('counts outcomes and shows its state in the metrics', async () => {
    const metrics = new PlatformMetrics('test');
    const b = breaker({ metrics });
    await b.call(() => Promise.resolve(1));
    await expect(b.call(permanent)).rejects.toThrow();
    for (let i = 0; i < 3; i++) await expect(b.call(transient)).rejects.toThrow();
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/threadline_provider_calls_total\{provider="smtp:test",outcome="ok",service="test"\} 1/);
    expect(text).toMatch(/threadline_provider_calls_total\{provider="smtp:test",outcome="rejected",service="test"\} 1/);
    expect(text).toMatch(/threadline_provider_breaker_state\{provider="smtp:test",service="test"\} 2/);
    b.shutdown();
  });
});
