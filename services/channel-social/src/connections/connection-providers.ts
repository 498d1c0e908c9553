import type { FactoryProvider } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { SecretBox } from '@threadline/persistence';
import { CONFIG, MONGO } from '@threadline/service-runtime';
import type { ChannelSocialConfig } from '../config';
import type { ConnectionDirectory, StoredConnectionSource } from './connection-directory';
import { SealedConnectionRepository, type ConnectionKind, type Connected } from './sealed-connection.repository';

/**
 * A kind's sealed store (under `storedToken`) and its directory over the
 * configured entries and the store, for the channel's shared module.
 */
export function connectionProviders<T extends Connected, D extends ConnectionDirectory<T>>(options: {
  kind: ConnectionKind<T>;
  storedToken: symbol;
  directory: new (configured: readonly T[], stored: StoredConnectionSource<T>, ttlMs: number) => D;
  configured: readonly T[];
  cacheMs: number;
}): FactoryProvider[] {
  return [
    {
      provide: options.storedToken,
      inject: [MONGO, CONFIG],
      useFactory: (c: Connection, config: ChannelSocialConfig) =>
        new SealedConnectionRepository(c, options.kind, new SecretBox(config.STORE_SECRETS_KEY)),
    },
    {
      provide: options.directory,
      inject: [options.storedToken],
      useFactory: (stored: SealedConnectionRepository<T>) => new options.directory(options.configured, stored, options.cacheMs),
    },
  ];
}
