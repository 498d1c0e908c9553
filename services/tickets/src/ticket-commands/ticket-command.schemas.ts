// The bodies are shared with the gateway (which documents them): they live in the contracts.
export {
  addNoteBody,
  mergeTicketBody,
  replyBody,
  updateTicketBody,
  type ReplyBody,
  type UpdateTicketBody,
} from '@threadline/contracts';
