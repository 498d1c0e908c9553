import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { AuditLog } from '@threadline/persistence';
import { MONGO } from '@threadline/service-runtime';
import { ManagePolicies } from './manage-policies.usecase';
import { SlaPoliciesController } from './sla-policies.controller';
import { SlaPolicyRepository } from './sla-policy.repository';
import { WorkspaceCalendarRepository } from './workspace-calendar.repository';

/** Admins' SLA policies and business calendar, stored per workspace. */
@Module({
  providers: [
    { provide: SlaPolicyRepository, inject: [MONGO], useFactory: (c: Connection) => new SlaPolicyRepository(c) },
    { provide: WorkspaceCalendarRepository, inject: [MONGO], useFactory: (c: Connection) => new WorkspaceCalendarRepository(c) },
    { provide: AuditLog, inject: [MONGO], useFactory: (c: Connection) => new AuditLog(c) },
    {
      provide: ManagePolicies,
      inject: [SlaPolicyRepository, WorkspaceCalendarRepository, AuditLog],
      useFactory: (p: SlaPolicyRepository, c: WorkspaceCalendarRepository, a: AuditLog) => new ManagePolicies(p, c, a),
    },
  ],
  controllers: [SlaPoliciesController],
  exports: [SlaPolicyRepository, WorkspaceCalendarRepository, ManagePolicies],
})
export class PoliciesModule {}
