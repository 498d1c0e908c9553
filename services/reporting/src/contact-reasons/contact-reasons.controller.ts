import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { CallerRoles, parseOrBadRequest } from '@threadline/service-runtime';
import { z } from 'zod';
import { categorySuggestionView, modelView } from './category-suggestion';
import { ContactReasonStore } from './contact-reason-store';

const ticketNumber = z.object({ number: z.coerce.number().int().positive() });

/** The classifier's answers (internal; the gateway checks the role and forwards the agent's workspace). */
@Controller('internal/v1/workspaces/:workspaceId/contact-reasons')
export class ContactReasonsController {
  constructor(private readonly store: ContactReasonStore) {}

  /** The workspace's model: labels per category, held-back accuracy, when it was trained. */
  @Get('model')
  @CallerRoles('supervisor', 'admin')
  async model(@Param('workspaceId') workspaceId: string) {
    return modelView(await this.store.model(workspaceId));
  }

  @Get('tickets/:number/suggestion')
  @CallerRoles('agent', 'supervisor', 'admin')
  async suggestion(@Param('workspaceId') workspaceId: string, @Param('number') raw: string) {
    const { number } = parseOrBadRequest(ticketNumber, { number: raw });
    const example = await this.store.exampleByNumber(workspaceId, number);
    if (!example) {
      throw new NotFoundException({ code: 'SUGGESTION_NOT_FOUND', message: `No ticket #${number} is known to the classifier` });
    }
    return categorySuggestionView(await this.store.withOpeningWords(example), await this.store.model(workspaceId));
  }
}
