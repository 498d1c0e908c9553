/**
 * Runs `reload` once at a time: a call while it runs asks for one more run
 * after it, and never cancels it. Under a steady stream of ticket events a
 * reload cancelled by the next event would never finish, and the list would
 * show new tickets only in a pause (measured: bench mail-to-console).
 */
export function oneReloadAtATime(reload: () => Promise<unknown>): () => void {
  let running = false;
  let again = false;
  const run = async () => {
    running = true;
    do {
      again = false;
      await reload().catch(() => undefined);
    } while (again);
    running = false;
  };
  return () => {
    if (running) again = true;
    else void run();
  };
}
