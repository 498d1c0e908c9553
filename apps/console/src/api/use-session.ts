import { useSyncExternalStore } from 'react';
import { sessionStore } from './session-store';
import type { Session } from './types';

export const useSession = (): Session | null => useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
