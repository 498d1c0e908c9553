import twilio from 'twilio';

/** An empty TwiML answer: we received the message and send no automatic reply. */
export function emptyMessagingResponse(): string {
  return new twilio.twiml.MessagingResponse().toString();
}
