import {
  All,
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Patch,
  Post,
  ServiceUnavailableException,
  type Type,
} from '@nestjs/common';
import type { z } from 'zod';
import { CallerRoles, parseOrBadRequest } from '@threadline/service-runtime';
import { ConnectionRequestError, type ManageConnections } from './manage-connections.usecase';
import type { ConnectionChange, Connected } from './sealed-connection.repository';

export interface ConnectionsRoutes<T extends Connected> {
  /** Under internal/v1/workspaces/:workspaceId/, e.g. messenger/pages. */
  path: string;
  /** The injection token of the ManageConnections for this kind. */
  manage: symbol;
  body: z.ZodType<Omit<T, 'workspaceId'>>;
  change: z.ZodType<ConnectionChange<T>>;
}

/**
 * The internal admin API over one kind of connection (admins only, as the
 * service token says). Pages and Slack teams are managed alike, so one controller
 * class is made for each from the same routes.
 */
export function connectionsController<T extends Connected>(routes: ConnectionsRoutes<T>): Type<unknown> {
  @Controller(`internal/v1/workspaces/:workspaceId/${routes.path}`)
  @CallerRoles('admin')
  class ConnectionsController {
    constructor(@Inject(routes.manage) private readonly connections: ManageConnections<T>) {}

    @Get()
    async list(@Param('workspaceId') workspaceId: string) {
      return { items: await this.connections.list(workspaceId) };
    }

    @Post()
    async add(@Param('workspaceId') workspaceId: string, @Body() body: unknown) {
      return answer(() => this.connections.add(workspaceId, parseOrBadRequest(routes.body, body)));
    }

    @Patch(':id')
    async change(@Param('workspaceId') workspaceId: string, @Param('id') id: string, @Body() body: unknown) {
      return answer(() => this.connections.change(workspaceId, id, parseOrBadRequest(routes.change, body)));
    }

    @Delete(':id')
    @HttpCode(204)
    async remove(@Param('workspaceId') workspaceId: string, @Param('id') id: string): Promise<void> {
      await answer(() => this.connections.remove(workspaceId, id));
    }
  }
  return ConnectionsController;
}

/**
 * Answers a channel's admin API while the channel is off: a clear 503 for the
 * admin naming the setting, not a bare "Cannot GET".
 */
export function channelOffController(path: string, code: string, message: string): Type<unknown> {
  @Controller(`internal/v1/workspaces/:workspaceId/${path}`)
  class ChannelOffController {
    @All(['', '*path'])
    off(): never {
      throw new ServiceUnavailableException({ code, message });
    }
  }
  return ChannelOffController;
}

async function answer<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ConnectionRequestError)) throw error;
    const body = { code: error.code, message: error.message };
    if (error.code.endsWith('_NOT_FOUND')) throw new NotFoundException(body);
    throw new ConflictException(body);
  }
}
