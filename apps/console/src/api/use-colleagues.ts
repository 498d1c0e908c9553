import { useQuery } from '@tanstack/react-query';
import { agentDirectory } from './agent-api';
import type { Colleague } from './types';

/** The workspace's agents by name (GET /agent-directory), read once per session and shared by every screen. */
export function useColleagues(): Colleague[] {
  const directory = useQuery({
    queryKey: ['agent-directory'],
    queryFn: async () => (await agentDirectory()).data.items,
    staleTime: 5 * 60_000,
  });
  return directory.data ?? [];
}
