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
  Req,
} from '@nestjs/common';
import type { Request } from 'express';
import { ruleBody, ruleChangeBody, ruleTestBody } from '@threadline/contracts';
import { CallerRoles, callerOf } from '@threadline/service-runtime';
import { TicketCommandRefused } from '../tickets/tickets-client';
import { ManageRules, RuleRequestError, type RuleAdmin } from './manage-rules.usecase';
import { invalidInput, parseRuleInput, ruleProblems } from './rule-input';
import { TestRules } from './test-rules.usecase';
import { WorkspaceChannels } from './workspace-channels';

/**
 * The workspace's routing rules (internal; the gateway lets only admins
 * here and names the admin in its service token). Changes apply without a
 * restart: this instance at once, others within ROUTING_RULES_CACHE_MS.
 */
@Controller('internal/v1/workspaces/:workspaceId/routing/rules')
@CallerRoles('admin')
export class RulesController {
  constructor(
    private readonly rules: ManageRules,
    private readonly tester: TestRules,
    private readonly channels: WorkspaceChannels,
  ) {}

  @Get()
  async list(@Param('workspaceId') workspaceId: string) {
    return this.rules.list(workspaceId);
  }

  @Post()
  async create(@Param('workspaceId') workspaceId: string, @Body() body: unknown, @Req() req: Request) {
    const rule = parseRuleInput(ruleBody, body, ruleProblems);
    const lacking = await this.channels.problems(workspaceId, rule.actions);
    if (lacking.length > 0) throw invalidInput(lacking);
    return answer(() => this.rules.create(workspaceId, adminOf(req), rule));
  }

  /** Runs the rules on a sample or an existing ticket; changes nothing. */
  @Post('test')
  @HttpCode(200)
  async test(@Param('workspaceId') workspaceId: string, @Body() body: unknown) {
    const input = parseRuleInput(ruleTestBody, body, (b) =>
      b.ticketNumber === undefined || b.sample === undefined
        ? []
        : [{ field: 'sample', reason: 'give either ticketNumber or sample, not both' }],
    );
    return answer(() => this.tester.execute(workspaceId, input));
  }

  @Get(':ruleId')
  async get(@Param('workspaceId') workspaceId: string, @Param('ruleId') ruleId: string) {
    return answer(() => this.rules.get(workspaceId, ruleId));
  }

  @Patch(':ruleId')
  async update(
    @Param('workspaceId') workspaceId: string,
    @Param('ruleId') ruleId: string,
    @Body() body: unknown,
    @Req() req: Request,
  ) {
    const change = parseRuleInput(ruleChangeBody, body);
    return answer(async () => {
      // The trigger and conditions are checked together, as the rule will be after the change.
      const current = await this.rules.get(workspaceId, ruleId);
      const problems = [
        ...ruleProblems({
          trigger: change.trigger ?? current.trigger,
          conditions: change.conditions ?? current.conditions,
          after: change.after ?? current.after,
          actions: change.actions ?? current.actions,
        }),
        ...(await this.channels.problems(workspaceId, change.actions)),
      ];
      if (problems.length > 0) throw invalidInput(problems);
      return this.rules.update(workspaceId, adminOf(req), ruleId, change);
    });
  }

  @Delete(':ruleId')
  @HttpCode(204)
  async remove(@Param('workspaceId') workspaceId: string, @Param('ruleId') ruleId: string, @Req() req: Request) {
    await answer(() => this.rules.remove(workspaceId, adminOf(req), ruleId));
  }
}

function adminOf(req: Request): RuleAdmin {
  return { agentId: callerOf(req).agentId };
}

async function answer<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof TicketCommandRefused && error.status === 404) {
      throw new NotFoundException({ code: error.code ?? 'TICKET_NOT_FOUND', message: error.message });
    }
    if (!(error instanceof RuleRequestError)) throw error;
    const body = { code: error.code, message: error.message };
    if (error.code === 'RULE_NOT_FOUND') throw new NotFoundException(body);
    throw new ConflictException(body);
  }
}
