/** What the channel needs from an SMS provider: one message handed over, or an error to classify. */
export interface OutgoingSms {
  to: string;
  from: string;
  body: string;
  /** Where the provider reports delivery. */
  statusCallback: string;
}

export interface SmsSender {
  /** Resolves with the provider's message id once the provider accepted the message; `signal` abandons the request. */
  send(sms: OutgoingSms, signal: AbortSignal): Promise<{ providerMessageId: string }>;
}
