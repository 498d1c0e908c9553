import type { Session } from './types';

const STORAGE_KEY = 'threadline.session';
type Listener = () => void;

/**
 * The login of this browser tab's agent, kept in localStorage so a reload stays
 * logged in; React reads it through useSyncExternalStore (see useSession).
 */
class SessionStore {
  private current: Session | null = read();
  private readonly listeners = new Set<Listener>();
  /** Why the last session ended, for the login screen ("expired" keeps the draft reply). */
  endedBecause: 'expired' | 'logout' | null = null;

  get = (): Session | null => this.current;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(session: Session): void {
    this.current = session;
    this.endedBecause = null;
    localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.listeners.forEach((l) => l());
  }

  clear(reason: 'expired' | 'logout'): void {
    this.current = null;
    this.endedBecause = reason;
    localStorage.removeItem(STORAGE_KEY);
    this.listeners.forEach((l) => l());
  }
}

function read(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export const sessionStore = new SessionStore();
