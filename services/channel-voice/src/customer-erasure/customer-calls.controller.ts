import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CallerRoles, MONGO } from '@threadline/service-runtime';
import { CallRepository } from '../call-records/call.repository';

/**
 * A call's record for a customer's data export (RODO Art. 15/20), asked by
 * the tickets service, which knows the CallSids of the customer's calls.
 * Always on, like the erasure: the records outlive a channel switched off.
 */
@Controller('internal/v1/workspaces/:workspaceId/calls')
export class CustomerCallsController {
  private readonly calls: CallRepository;

  constructor(@Inject(MONGO) connection: Connection) {
    this.calls = new CallRepository(connection);
  }

  @Get(':callSid')
  @CallerRoles('service')
  async record(@Param('workspaceId') workspaceId: string, @Param('callSid') callSid: string) {
    const call = await this.calls.get(callSid);
    if (!call || call.workspaceId !== workspaceId)
      throw new NotFoundException({ code: 'CALL_NOT_FOUND', message: `no call ${callSid}` });
    const { _id, from, to, startedAt, endedAt, status, queue, waitSeconds, answered, talkSeconds, durationSeconds } = call;
    return {
      callSid: _id,
      from,
      to,
      startedAt,
      endedAt,
      status,
      queue,
      waitSeconds,
      answered,
      talkSeconds,
      durationSeconds,
      voicemail: call.voicemail,
      callbackRequested: call.callbackRequested,
      // The reference only: the recording itself stays at Twilio (a provider copy).
      recording: call.recording ? { url: call.recording.url, durationSeconds: call.recording.durationSeconds } : null,
    };
  }
}
