/** Delay before attempt `attempt` (2, 3, …): doubling from `baseMs`, capped so a send stays well inside Kafka's session timeout. */
export function retryDelayMs(attempt: number, baseMs: number, capMs = 4000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 2));
}
