import { Module, type DynamicModule, type Type } from '@nestjs/common';
import type { ConnectionDirectory } from './connection-directory';
import { connectionsController, type ConnectionsRoutes } from './connections.controller';
import { ManageConnections, type ConnectionNames } from './manage-connections.usecase';
import type { ConnectionKind, Connected, SealedConnectionRepository } from './sealed-connection.repository';

export interface ConnectionsApi<T extends Connected> extends ConnectionsRoutes<T> {
  kind: ConnectionKind<T>;
  names: ConnectionNames;
  /** The injection token of the kind's SealedConnectionRepository, and its directory class (both from the shared module). */
  stored: symbol;
  directory: Type<ConnectionDirectory<T>>;
}

/** The admin API over one kind of connection: its controller and the use case behind it. */
@Module({})
export class ConnectionsApiModule {
  static for<T extends Connected>(api: ConnectionsApi<T>): DynamicModule {
    return {
      module: ConnectionsApiModule,
      controllers: [connectionsController(api)],
      providers: [
        {
          provide: api.manage,
          inject: [api.stored, api.directory],
          useFactory: (stored: SealedConnectionRepository<T>, directory: ConnectionDirectory<T>) =>
            new ManageConnections(api.kind, api.names, stored, directory),
        },
      ],
    };
  }
}
