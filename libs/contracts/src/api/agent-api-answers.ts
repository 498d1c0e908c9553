import { z } from 'zod';
import { CHANNELS } from '../events/contact-received.v1';
import { SLA_STATES } from '../events/sla-events.v1';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../events/ticket-events.v1';

/**
 * What the agent API answers. Each schema is written once: the gateway's OpenAPI
 * document is generated from it (so the console's client is), and the TypeScript
 * type is inferred from it. Objects are loose: a field may be added without
 * breaking a client; one taken away or changed is a breaking change the console's
 * type-check catches.
 */

const time = z.string().describe('ISO 8601 time');
const id = z.string().min(1);
const ROLES = ['agent', 'supervisor', 'admin'] as const;
const itemsOf = <T extends z.ZodType>(item: T) => z.looseObject({ items: z.array(item) });

// --- sessions ---------------------------------------------------------------------------------

export const sessionAnswer = z
  .looseObject({
    accessToken: z.string(),
    refreshToken: z.string(),
    agent: z.looseObject({ id, name: z.string(), role: z.enum(ROLES) }),
  })
  .meta({ id: 'Session' });
export type SessionAnswer = z.infer<typeof sessionAnswer>;

export const agentAnswer = z
  .looseObject({
    id,
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    teams: z.array(z.string()),
  })
  .meta({ id: 'Agent' });
export type AgentAnswer = z.infer<typeof agentAnswer>;
export const agentListAnswer = itemsOf(agentAnswer).meta({ id: 'AgentList' });

export const colleagueAnswer = z.looseObject({ id, name: z.string(), handle: z.string() }).meta({ id: 'Colleague' });
export type ColleagueAnswer = z.infer<typeof colleagueAnswer>;
export const agentDirectoryAnswer = itemsOf(colleagueAnswer).meta({ id: 'AgentDirectory' });

export const noticeAnswer = z
  .looseObject({
    id,
    kind: z.enum(['assigned', 'mentioned']),
    number: z.number().int().describe('the ticket'),
    at: time,
    read: z.boolean(),
  })
  .meta({ id: 'Notice' });
export const noticeListAnswer = z
  .looseObject({ items: z.array(noticeAnswer), unread: z.number().int() })
  .meta({ id: 'NoticeList' });
export type NoticeListAnswer = z.infer<typeof noticeListAnswer>;

export const streamTokenAnswer = z.looseObject({ token: z.string(), expiresIn: z.number() }).meta({ id: 'StreamToken' });

// --- tickets ------------------------------------------------------------------------------------

export const identityAnswer = z.looseObject({ kind: z.string(), value: z.string() }).meta({ id: 'Identity' });

export const customerSummaryAnswer = z
  .looseObject({
    id,
    name: z.string().nullable(),
    tier: z.string(),
    identities: z.array(identityAnswer),
  })
  .meta({ id: 'CustomerSummary' });
export type CustomerSummaryAnswer = z.infer<typeof customerSummaryAnswer>;

/** A ticket as the tickets service presents it (no store internals). */
export const ticketAnswer = z
  .looseObject({
    id,
    number: z.number().int().positive(),
    version: z.number().int(),
    subject: z.string().nullable(),
    status: z.enum(TICKET_STATUSES),
    priority: z.enum(TICKET_PRIORITIES),
    channel: z.enum(CHANNELS),
    replyChannel: z.enum(CHANNELS),
    recipient: z.string().nullable(),
    queue: z.string().nullable(),
    assigneeId: z.string().nullable(),
    tags: z.array(z.string()),
    category: z.string().nullable(),
    customerId: z.string(),
    slaState: z.enum(SLA_STATES).nullable(),
    slaDueAt: time.nullable().optional(),
    mergedInto: z.looseObject({ ticketId: z.string(), number: z.number().int() }).nullable(),
    createdAt: time,
    updatedAt: time,
  })
  .meta({ id: 'Ticket' });
export type TicketAnswer = z.infer<typeof ticketAnswer>;

export const ticketSummaryAnswer = ticketAnswer
  .extend({ customer: customerSummaryAnswer.nullable() })
  .meta({ id: 'TicketSummary' });
export type TicketSummaryAnswer = z.infer<typeof ticketSummaryAnswer>;

export const ticketPageAnswer = z
  .looseObject({
    items: z.array(ticketSummaryAnswer),
    nextCursor: z.string().nullable().describe('send as cursor for the next page; null on the last'),
  })
  .meta({ id: 'TicketPage' });
export const todayAnswer = itemsOf(ticketSummaryAnswer).meta({ id: 'Today' });

export const attachmentAnswer = z
  .looseObject({
    ref: z.string().describe('attachment:<sha256> for a file the platform keeps; a URL for a provider’s media'),
    filename: z.string().nullable(),
    contentType: z.string(),
    size: z.number(),
    inline: z.boolean(),
  })
  .meta({ id: 'Attachment' });

export const timelineEntryAnswer = z
  .looseObject({
    id,
    ticketId: z.string(),
    kind: z.enum(['message', 'note', 'change']),
    occurredAt: time,
    authorId: z.string().nullable(),
    direction: z.enum(['inbound', 'outbound']).optional(),
    channel: z.enum(CHANNELS).optional(),
    from: z.array(identityAnswer).optional(),
    subject: z.string().nullable().optional(),
    text: z.string().optional(),
    newText: z.string().nullable().optional(),
    html: z.string().nullable().optional(),
    attachments: z.array(attachmentAnswer).optional(),
    delivery: z.looseObject({ status: z.string(), at: time, error: z.string().nullable() }).nullable().optional(),
    automatic: z.boolean().optional(),
    mentions: z.array(z.string()).optional(),
    action: z.string().optional(),
    actorKind: z.enum(['agent', 'customer', 'system']).optional(),
    changes: z.record(z.string(), z.looseObject({ from: z.unknown(), to: z.unknown() })).optional(),
  })
  .meta({ id: 'TimelineEntry' });
export type TimelineEntryAnswer = z.infer<typeof timelineEntryAnswer>;

export const ticketDetailAnswer = ticketSummaryAnswer
  .extend({
    statusHistory: z.array(
      z.looseObject({ status: z.string(), at: time, actorKind: z.string(), actorId: z.string().nullable() }),
    ),
    timeline: z.array(timelineEntryAnswer),
  })
  .meta({ id: 'TicketDetail' });
export type TicketDetailAnswer = z.infer<typeof ticketDetailAnswer>;

export const replyAnswer = z.looseObject({ ticket: ticketAnswer, message: timelineEntryAnswer }).meta({ id: 'Reply' });
export const ticketSignalAnswer = z.looseObject({ number: z.number().int() }).meta({ id: 'TicketSignal' });

const collectionsHold = z.looseObject({ reason: z.string(), since: time, by: z.string() });
export const collectionsHoldAnswer = z
  .looseObject({ number: z.number().int(), collectionsHold: collectionsHold.nullable() })
  .meta({ id: 'CollectionsHold' });
export const customerHoldsAnswer = z
  .looseObject({
    customerId: z.string(),
    held: z.boolean(),
    holds: z.array(collectionsHold.extend({ number: z.number().int() })),
  })
  .meta({ id: 'CustomerHolds' });

// --- customers ----------------------------------------------------------------------------------

export const customerAnswer = customerSummaryAnswer
  .extend({
    notes: z.string().nullable(),
    mergedInto: z.string().nullable(),
    mergedFrom: z.array(z.looseObject({ customerId: z.string(), at: time })),
    createdAt: time,
    updatedAt: time,
  })
  .meta({ id: 'Customer' });
export const customerDetailAnswer = customerAnswer.extend({ tickets: z.array(ticketAnswer) }).meta({ id: 'CustomerDetail' });
export type CustomerDetailAnswer = z.infer<typeof customerDetailAnswer>;

export const erasurePreviewAnswer = z
  .looseObject({ customerId: z.string(), alreadyErased: z.boolean() })
  .meta({ id: 'ErasurePreview' });
export const erasureAnswer = z.looseObject({ alreadyErased: z.boolean() }).meta({ id: 'Erasure' });
export const retentionAnswer = z
  .looseObject({
    closedTicketsMonths: z.number().nullable(),
    chatTranscriptsMonths: z.number().nullable(),
    callRecordingsMonths: z.number().nullable(),
    rejectedMailsDays: z.number().nullable(),
  })
  .meta({ id: 'Retention' });
export const retentionRunsAnswer = itemsOf(
  z.looseObject({ day: z.string(), counts: z.record(z.string(), z.number()), startedAt: time }),
).meta({ id: 'RetentionRuns' });
export const customerExportAnswer = z
  .looseObject({ id, customerId: z.string(), status: z.string(), expiresAt: time.nullable() })
  .meta({ id: 'CustomerExport' });
export const auditPageAnswer = z
  .looseObject({
    items: z.array(z.looseObject({ id, at: time, action: z.string() })),
    nextBefore: z.string().nullable(),
  })
  .meta({ id: 'AuditPage' });

// --- chat, voice --------------------------------------------------------------------------------

export const chatPresenceAnswer = z
  .looseObject({ agentId: z.string(), status: z.enum(['available', 'away']), expiresAt: time })
  .meta({ id: 'ChatPresence' });
export const voiceBoardAnswer = z
  .looseObject({
    queues: z.array(
      z.looseObject({ queue: z.string(), waiting: z.number().int(), longestWaitSeconds: z.number(), maxWaitSeconds: z.number() }),
    ),
    agents: z.looseObject({ available: z.number().int(), onCall: z.number().int(), away: z.number().int() }),
    at: time,
  })
  .meta({ id: 'VoiceBoard' });
export type VoiceBoardAnswer = z.infer<typeof voiceBoardAnswer>;
export const nextCallerAnswer = z
  .looseObject({
    call: z
      .looseObject({ callSid: z.string(), from: z.string(), queue: z.string(), waitSeconds: z.number(), connectTo: z.string() })
      .nullable()
      .describe('null when nobody waits'),
  })
  .meta({ id: 'NextCaller' });
export const voiceClientTokenAnswer = z
  .looseObject({ token: z.string(), identity: z.string(), expiresAt: time })
  .meta({ id: 'VoiceClientToken' });
export const callAnswer = z
  .looseObject({ callSid: z.string(), entryId: z.string(), ticketNumber: z.number().int() })
  .meta({ id: 'Call' });
export const callNoteAnswer = z
  .looseObject({ ticketNumber: z.number().int(), note: timelineEntryAnswer })
  .meta({ id: 'CallNote' });
export const voicePresenceAnswer = z.looseObject({ agentId: z.string(), status: z.string() }).meta({ id: 'VoicePresence' });
export const voiceNumberAnswer = z
  .looseObject({ number: z.string(), source: z.enum(['config', 'api']) })
  .meta({ id: 'VoiceNumber' });
export const voiceNumberListAnswer = itemsOf(voiceNumberAnswer).meta({ id: 'VoiceNumberList' });

// --- connections (admins) ------------------------------------------------------------------------

export const mailboxAnswer = z.looseObject({ id, addresses: z.array(z.string()) }).meta({ id: 'Mailbox' });
export const mailboxListAnswer = itemsOf(
  mailboxAnswer.extend({
    sync: z.looseObject({ state: z.enum(['syncing', 'failing']), problem: z.string().nullable(), since: time }).nullable(),
  }),
).meta({ id: 'MailboxList' });
export const messengerPageAnswer = z
  .looseObject({
    pageId: z.string(),
    source: z.enum(['config', 'api']),
    pageAccessTokenSet: z.boolean(),
    appSecretSet: z.boolean(),
  })
  .meta({ id: 'MessengerPage' });
export const messengerPageListAnswer = itemsOf(messengerPageAnswer).meta({ id: 'MessengerPageList' });
export const slackTeamAnswer = z
  .looseObject({
    teamId: z.string(),
    source: z.enum(['config', 'api']),
    supportChannels: z.array(z.string()),
    botTokenSet: z.boolean(),
    signingSecretSet: z.boolean(),
  })
  .meta({ id: 'SlackTeam' });
export const slackTeamListAnswer = itemsOf(slackTeamAnswer).meta({ id: 'SlackTeamList' });

// --- settings -------------------------------------------------------------------------------------

export const acknowledgementsAnswer = z
  .looseObject({ version: z.number().int(), enabled: z.boolean() })
  .meta({ id: 'Acknowledgements' });
export const routingRuleAnswer = z
  .looseObject({
    id,
    version: z.number().int(),
    position: z.number(),
    name: z.string(),
    enabled: z.boolean(),
    trigger: z.string(),
    conditions: z.record(z.string(), z.unknown()),
    actions: z.array(z.looseObject({ type: z.string() })),
    stopProcessing: z.boolean(),
  })
  .meta({ id: 'RoutingRule' });
export type RoutingRuleAnswer = z.infer<typeof routingRuleAnswer>;
export const routingRulesAnswer = z
  .looseObject({ version: z.number().int(), items: z.array(routingRuleAnswer) })
  .meta({ id: 'RoutingRules' });
export const ruleTestAnswer = z
  .looseObject({
    rulesetVersion: z.number().int(),
    trigger: z.string(),
    firings: z.array(
      z.looseObject({
        ruleId: z.string(),
        name: z.string(),
        would: z.array(z.looseObject({ kind: z.string(), summary: z.string() })),
      }),
    ),
    alreadyFired: z.array(z.string()),
  })
  .meta({ id: 'RuleTest' });
export type RuleTestAnswer = z.infer<typeof ruleTestAnswer>;
export const slaPolicyAnswer = z
  .looseObject({
    id,
    name: z.string(),
    position: z.number(),
    match: z.record(z.string(), z.unknown()),
    targets: z.record(z.string(), z.unknown()),
    isDefault: z.boolean(),
    createdAt: time,
    updatedAt: time,
  })
  .meta({ id: 'SlaPolicy' });
export type SlaPolicyAnswer = z.infer<typeof slaPolicyAnswer>;
export const slaPolicyListAnswer = itemsOf(slaPolicyAnswer).meta({ id: 'SlaPolicyList' });
export const businessCalendarAnswer = z
  .looseObject({
    timezone: z.string(),
    open: z.array(z.looseObject({ days: z.array(z.unknown()), from: z.string(), to: z.string() })),
    closedOnPolishHolidays: z.boolean(),
    exceptions: z.array(z.looseObject({ date: z.string() })),
  })
  .meta({ id: 'BusinessCalendar' });
export const reportAnswer = z
  .looseObject({
    report: z.string(),
    period: z.looseObject({}),
    timeZone: z.string(),
    definitions: z.record(z.string(), z.unknown()),
    figures: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Report' });
export const surveySettingsAnswer = z
  .looseObject({ enabled: z.boolean(), scale: z.enum(['csat', 'nps']) })
  .meta({ id: 'SurveySettings' });
export const routingQueueAnswer = z
  .looseObject({ queue: z.string(), members: z.array(z.string()), mode: z.string() })
  .meta({ id: 'RoutingQueue' });
export const routingQueueListAnswer = itemsOf(routingQueueAnswer).meta({ id: 'RoutingQueueList' });
export const routingAgentProfileAnswer = z
  .looseObject({
    agentId: z.string(),
    languages: z.array(z.string()),
    categories: z.array(z.string()),
    capacity: z.record(z.string(), z.number()),
  })
  .meta({ id: 'RoutingAgentProfile' });
export const routingAgentProfileListAnswer = itemsOf(routingAgentProfileAnswer).meta({ id: 'RoutingAgentProfileList' });
export const routingAgentStateAnswer = z
  .looseObject({ agentId: z.string(), present: z.boolean() })
  .meta({ id: 'RoutingAgentState' });
export const routingPresenceAnswer = z.looseObject({ agentId: z.string(), status: z.enum(['available', 'away']) });

// --- call offers, contact reasons -------------------------------------------------------------
export const callOfferAnswer = z
  .looseObject({
    offer: z
      .looseObject({
        offerId: z.string(),
        callSid: z.string(),
        from: z.string().nullable().describe('null: the caller withheld the number'),
        queue: z.string(),
        waitSeconds: z.number(),
        offeredAt: time,
        expiresAt: time,
      })
      .nullable()
      .describe('null when no caller is offered to the agent'),
  })
  .meta({ id: 'CallOffer' });
export const acceptedCallAnswer = z
  .looseObject({
    call: z.looseObject({
      callSid: z.string(),
      from: z.string(),
      queue: z.string(),
      waitSeconds: z.number(),
      connectTo: z.string(),
    }),
  })
  .meta({ id: 'AcceptedCall' });
const categoryGuess = z.looseObject({ category: z.string(), confidence: z.number().min(0).max(1) });
export const categorySuggestionAnswer = z
  .looseObject({
    number: z.number().int(),
    suggestion: categoryGuess.extend({ trainedAt: time.nullable(), stored: z.boolean() }).nullable(),
    alternatives: z.array(categoryGuess),
    labelledAs: z.string().nullable(),
  })
  .meta({ id: 'CategorySuggestion' });
export const contactReasonModelAnswer = z
  .looseObject({
    trained: z.boolean(),
    trainedAt: time.nullable(),
    labels: z.number().int(),
    labelCounts: z.record(z.string(), z.number().int()),
    heldBackAccuracy: z.number().min(0).max(1).nullable(),
  })
  .meta({ id: 'ContactReasonModel' });
