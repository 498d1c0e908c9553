import { useQuery } from '@tanstack/react-query';
import { voiceBoard } from '../api/agent-api';
import type { Schemas } from '../api/schemas';
import { ApiError } from '../api/client';

/** channel-voice's queue board (GET /voice/queues): callers waiting per queue and agents by state. */
export type VoiceBoard = Schemas['VoiceBoard'];

/** The board, read again every few seconds (the API's answer is a point in time). */
export function useVoiceBoard(refreshMs: number) {
  return useQuery({
    queryKey: ['voice', 'board'],
    queryFn: async () => (await voiceBoard()).data,
    refetchInterval: refreshMs,
    retry: false,
  });
}

/** The platform runs without phones (channel-voice not switched on). */
export const voiceIsOff = (error: unknown): boolean => error instanceof ApiError && error.code === 'VOICE_NOT_CONFIGURED';

/** Seconds as m:ss. */
export const minutes = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
