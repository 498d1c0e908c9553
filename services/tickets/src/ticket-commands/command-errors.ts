import { DomainError, type RefusalKind } from '@threadline/contracts';

/** A command the ticket's state refuses (merged, no address on the channel…); `code` is answered to the caller. */
export class CommandRejectedError extends DomainError {
  constructor(code: string, message: string, kind: RefusalKind = 'conflict') {
    super(kind, code, message);
  }
}

/** No ticket has the number asked for. */
export class TicketMissingError extends DomainError {
  constructor(message: string) {
    super('not-found', 'TICKET_NOT_FOUND', message);
  }
}
