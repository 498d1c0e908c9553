/**
 * Response bodies in tests are read loosely on purpose: a test states the
 * shape it expects with `toMatchObject`, which fails clearly when it differs.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export async function fetchJson(url: string, init?: RequestInit): Promise<{ status: number; body: Json }> {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.json().catch(() => null) };
}
