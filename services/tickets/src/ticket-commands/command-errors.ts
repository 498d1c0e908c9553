/** A command the ticket's state refuses (merged, no address on the channel…); `code` is answered to the caller. */
export class CommandRejectedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class TicketMissingError extends Error {}
