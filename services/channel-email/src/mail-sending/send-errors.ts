/** What a failed SMTP attempt means for the mail. */
export type SendFailure = { permanent: boolean; reason: string };

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/**
 * A 5xx answer to the envelope or the message ("550 no such user", "552
 * message too large") will not change on a retry: the mail fails now and the
 * agent sees why. Everything else (no connection, timeouts, 4xx "try later",
 * a login the admin may still fix) is retried with backoff.
 */
export function classifySendError(error: unknown): SendFailure {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SmtpError;
  const said = (e.response ?? e.message ?? 'unknown error').trim().slice(0, 500);
  const code = e.responseCode;
  if (code !== undefined && code >= 500 && code < 600 && (e.code === 'EENVELOPE' || e.code === 'EMESSAGE')) {
    return { permanent: true, reason: `rejected by the mail server: ${said}` };
  }
  if (e.code === 'EAUTH') return { permanent: false, reason: `the mail server refused the login: ${said}` };
  // No SMTP conversation (refused, timed out, not a mail server): one reason, that tells no open port from a closed one.
  if (code === undefined) return { permanent: false, reason: 'could not connect to the mail server' };
  return { permanent: false, reason: said };
}
