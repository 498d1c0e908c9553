import { Module } from '@nestjs/common';
import { AgentPresenceController } from './agent-presence.controller';

/** Agents say whether they take calls (the repository is shared: queues and call records update "on a call"). */
@Module({ controllers: [AgentPresenceController] })
export class AgentPresenceModule {}
