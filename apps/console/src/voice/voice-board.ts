import { useQuery } from '@tanstack/react-query';
import { voiceBoard } from '../api/agent-api';
import type { Schemas } from '../api/schemas';
import { api, ApiError } from '../api/client';

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

/** A waiting caller routing offers this agent (GET /voice/offer), to accept or decline before `expiresAt`. */
export type CallOffer = NonNullable<Schemas['CallOffer']['offer']>;

/** The agent's current offer, asked again every few seconds (an offer lasts tens of seconds). */
export function useCallOffer(refreshMs: number) {
  return useQuery({
    queryKey: ['voice', 'offer'],
    queryFn: async () => (await api<Schemas['CallOffer']>('/voice/offer')).data.offer,
    refetchInterval: refreshMs,
    retry: false,
  });
}
