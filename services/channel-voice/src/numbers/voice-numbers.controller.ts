import {
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import { voiceNumberBody, voiceNumberChangeBody } from '@threadline/contracts';
import { CallerRoles, parseOrBadRequest } from '@threadline/service-runtime';
import { ManageNumbers, NumberRequestError } from './manage-numbers.usecase';

/**
 * The workspace's Twilio numbers (internal; the gateway lets only admins
 * here). Changes take effect without a restart: this instance at once,
 * others within VOICE_NUMBERS_CACHE_MS.
 */
@Controller('internal/v1/workspaces/:workspaceId/voice/numbers')
@CallerRoles('admin')
export class VoiceNumbersController {
  constructor(private readonly numbers: ManageNumbers) {}

  @Get()
  async list(@Param('workspaceId') workspaceId: string) {
    return { items: await this.numbers.list(workspaceId) };
  }

  @Post()
  async add(@Param('workspaceId') workspaceId: string, @Body() body: unknown) {
    return answer(() => this.numbers.add(workspaceId, parseOrBadRequest(voiceNumberBody, body)));
  }

  @Patch(':number')
  async change(@Param('workspaceId') workspaceId: string, @Param('number') number: string, @Body() body: unknown) {
    const { calls } = parseOrBadRequest(voiceNumberChangeBody, body);
    return answer(() => this.numbers.change(workspaceId, number, calls));
  }

  @Delete(':number')
  @HttpCode(204)
  async remove(@Param('workspaceId') workspaceId: string, @Param('number') number: string): Promise<void> {
    await answer(() => this.numbers.remove(workspaceId, number));
  }
}

async function answer<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof NumberRequestError)) throw error;
    const body = { code: error.code, message: error.message };
    if (error.code === 'NUMBER_NOT_FOUND') throw new NotFoundException(body);
    throw new ConflictException(body);
  }
}
