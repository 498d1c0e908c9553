import type { AddressInfo } from 'node:net';
import express from 'express';
import { corsOriginsSchema, corsPolicy } from './cors-policy';

const PORTAL = 'https://portal.firma.pl';

/** A real HTTP server with the policy in front of one route, as the gateway puts it in front of all. */
async function serverWith(allowed: string[]) {
  const app = express();
  app.use(corsPolicy(allowed));
  app.get('/api/v1/tickets/7', (_req, res) => res.setHeader('etag', '"3"').json({ number: 7 }));
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe('the gateway’s CORS policy', () => {
  it('lets an allowed origin read the answer and its ETag, and send If-Match after a preflight', async () => {
    const server = await serverWith([PORTAL]);
    try {
      const answer = await fetch(`${server.url}/api/v1/tickets/7`, { headers: { origin: PORTAL } });
      expect(answer.headers.get('access-control-allow-origin')).toBe(PORTAL);
      expect(answer.headers.get('access-control-expose-headers')).toContain('etag');
      const preflight = await fetch(`${server.url}/api/v1/tickets/7`, {
        method: 'OPTIONS',
        headers: { origin: PORTAL, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'if-match' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toContain('if-match');
    } finally {
      server.close();
    }
  });

  it('gives any other origin no CORS headers, so its browser keeps the answer from it (same origin only by default)', async () => {
    for (const allowed of [[], [PORTAL]]) {
      const server = await serverWith(allowed);
      try {
        const answer = await fetch(`${server.url}/api/v1/tickets/7`, { headers: { origin: 'https://evil.example' } });
        expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      } finally {
        server.close();
      }
    }
  });

  it('takes origins only, comma-separated', () => {
    expect(corsOriginsSchema.parse(' https://portal.firma.pl, http://localhost:5173 ')).toEqual([
      PORTAL,
      'http://localhost:5173',
    ]);
    expect(corsOriginsSchema.parse(undefined)).toEqual([]);
    expect(corsOriginsSchema.safeParse('https://portal.firma.pl/konsola').success).toBe(false);
    expect(corsOriginsSchema.safeParse('*').success).toBe(false);
  });
});
