import type { PersonalDataRemoval } from '@threadline/contracts';
import { contactEntryId } from '@threadline/persistence';
import type { ContactReasonStore } from './contact-reason-store';
import type { CurrentModels } from './current-models';
import type { TrainContactReasons } from './train-contact-reasons.usecase';

/**
 * An erased customer's (or expired tickets') words leave the classifier: the
 * tickets' examples and any words still waiting for a ticket are deleted,
 * and the workspace's model is trained again without them at once — a model
 * is counts of words over many tickets, but a rare word (a surname, a street)
 * could still say something of one person, so no count of theirs stays.
 * A replay cannot bring them back: their events read as erased.
 */
export class ForgetContacts {
  constructor(
    private readonly store: ContactReasonStore,
    private readonly train: TrainContactReasons,
    private readonly models: CurrentModels,
    private readonly trainAgainLater: (workspaceId: string) => void,
  ) {}

  async execute(workspaceId: string, removal: Pick<PersonalDataRemoval, 'ticketIds' | 'contactRefs'>): Promise<void> {
    await Promise.all(
      removal.contactRefs.map((ref) => this.store.dropText(contactEntryId(workspaceId, ref.channel, ref.providerMessageId))),
    );
    await this.store.dropExamples(workspaceId, removal.ticketIds);
    if (!(await this.store.model(workspaceId))) return;
    this.models.put(await this.train.execute(workspaceId));
    // Another instance may be training on what it read before the deletion: train once more on the next round.
    this.trainAgainLater(workspaceId);
  }
}
