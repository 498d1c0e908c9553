import { z } from 'zod';
import { LANGUAGES } from '../language';
import { templateText } from './routing-api';

/**
 * A workspace's acknowledgements (`/api/v1/acknowledgements`): the first
 * answer a new ticket gets, with its number, on the channel the customer
 * used. The tickets service validates with these, the gateway documents them.
 */

/** The number must be in every text: it is the point of the message. */
const withNumber = <T extends z.ZodType<string>>(text: T) =>
  text.refine((t) => /\{\{\s*number\s*\}\}/.test(t), 'must contain {{number}}, the ticket number');

/** One language's texts: `subject` and `text` for e-mail, `shortText` for SMS, Messenger, Slack and chat. */
export const acknowledgementTemplateSchema = z.strictObject({
  subject: withNumber(templateText.max(300)),
  text: withNumber(templateText),
  shortText: withNumber(templateText.max(640)),
});
export type AcknowledgementTemplate = z.infer<typeof acknowledgementTemplateSchema>;

const channelSwitch = (on: boolean) => z.boolean().default(on);

export const acknowledgementSettingsBody = z.strictObject({
  /** The whole workspace's switch. */
  enabled: z.boolean(),
  /** Per channel the customer wrote on; a call (`voice`) is acknowledged by SMS. */
  channels: z
    .strictObject({
      email: channelSwitch(true),
      sms: channelSwitch(false),
      messenger: channelSwitch(false),
      slack: channelSwitch(false),
      chat: channelSwitch(false),
      voice: channelSwitch(false),
    })
    .default({ email: true, sms: false, messenger: false, slack: false, chat: false, voice: false }),
  /** `customer`: the language the customer wrote in (else `defaultLanguage`); `workspace`: always `defaultLanguage`. */
  languageFrom: z.enum(['customer', 'workspace']).default('customer'),
  defaultLanguage: z.enum(LANGUAGES).default('pl'),
  /** The workspace's own texts; a language left out uses the built-in one. */
  templates: z
    .strictObject({ pl: acknowledgementTemplateSchema.optional(), en: acknowledgementTemplateSchema.optional() })
    .default({}),
});
export type AcknowledgementSettingsBody = z.infer<typeof acknowledgementSettingsBody>;
export type AcknowledgementSettings = AcknowledgementSettingsBody;
