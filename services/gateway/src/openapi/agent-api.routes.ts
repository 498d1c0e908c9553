import type { z } from 'zod';
import {
  customerMergeBody,
  customerProfileBody,
  mergeTicketBody,
  replyBody,
  ticketListParams,
  updateTicketBody,
} from '@threadline/contracts';
import { agentChangeBody, newAgentBody } from '../agents/agents.controller';
import { auditQuery } from '../audit/audit.controller';
import { loginBody, refreshBody } from '../auth/auth.controller';
import { streamQuery } from '../live-updates/live-updates.controller';
import { noteBody } from '../tickets/tickets.controller';

export type Role = 'agent' | 'supervisor' | 'admin';

/** One operation of the agent API, described from the same zod schemas the handlers validate with. */
export interface RouteDoc {
  method: 'get' | 'post' | 'patch';
  /** Express-style path, e.g. /api/v1/tickets/:number */
  path: string;
  summary: string;
  tag: string;
  /** Who may call it; absent = no authentication. */
  roles?: Role[];
  body?: z.ZodType;
  query?: z.ZodType;
  /** Ticket commands: If-Match in, ETag out; Idempotency-Key for safe retries. */
  versioned?: boolean;
  idempotent?: boolean;
  success: { status: number; description: string; contentType?: string };
}

const everyone: Role[] = ['agent', 'supervisor', 'admin'];
const supervisors: Role[] = ['supervisor', 'admin'];

export const AGENT_API_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/auth/login',
    tag: 'auth',
    summary: 'Log in: access token (short-lived) and refresh token',
    body: loginBody,
    success: { status: 200, description: 'tokens' },
  },
  {
    method: 'post',
    path: '/api/v1/auth/refresh',
    tag: 'auth',
    summary: 'Exchange a refresh token (once) for a new pair; reuse ends the login',
    body: refreshBody,
    success: { status: 200, description: 'tokens' },
  },
  {
    method: 'post',
    path: '/api/v1/auth/logout',
    tag: 'auth',
    summary: 'End the login a refresh token belongs to',
    body: refreshBody,
    success: { status: 204, description: 'ended' },
  },
  {
    method: 'get',
    path: '/api/v1/me',
    tag: 'auth',
    summary: 'The agent behind the access token',
    roles: everyone,
    success: { status: 200, description: 'agent' },
  },
  {
    method: 'get',
    path: '/api/v1/tickets',
    tag: 'tickets',
    summary:
      'List tickets: filters, text search (diacritics ignored), sort, cursor pages. assignee: me, team, none, anyone or agent ids',
    roles: everyone,
    query: ticketListParams,
    success: { status: 200, description: '{items, nextCursor}' },
  },
  {
    method: 'get',
    path: '/api/v1/tickets/today',
    tag: 'tickets',
    summary: 'What needs my action first: urgent and SLA-threatened, then priority, then age',
    roles: everyone,
    success: { status: 200, description: '{items}' },
  },
  {
    method: 'get',
    path: '/api/v1/tickets/:number',
    tag: 'tickets',
    summary: 'A ticket with its full timeline, status history and customer',
    roles: everyone,
    versioned: true,
    success: { status: 200, description: 'ticket' },
  },
  {
    method: 'patch',
    path: '/api/v1/tickets/:number',
    tag: 'tickets',
    summary:
      'Change status, priority, queue, assignee, tags or category. Agents take unassigned tickets or hand back their own; supervisors reassign',
    roles: everyone,
    body: updateTicketBody,
    versioned: true,
    idempotent: true,
    success: { status: 200, description: 'the ticket after the change' },
  },
  {
    method: 'post',
    path: '/api/v1/tickets/:number/notes',
    tag: 'tickets',
    summary: 'Internal note; @handle mentions (e-mail local part) notify agents',
    roles: everyone,
    body: noteBody,
    idempotent: true,
    success: { status: 201, description: 'the note' },
  },
  {
    method: 'post',
    path: '/api/v1/tickets/:number/replies',
    tag: 'tickets',
    summary: 'Reply to the customer, by default on the channel they last used (a call is answered by SMS)',
    roles: everyone,
    body: replyBody,
    versioned: true,
    idempotent: true,
    success: { status: 201, description: '{ticket, message}' },
  },
  {
    method: 'post',
    path: '/api/v1/tickets/:number/merge',
    tag: 'tickets',
    summary: 'Merge this ticket into another (history kept, this one closed with a pointer)',
    roles: supervisors,
    body: mergeTicketBody,
    versioned: true,
    idempotent: true,
    success: { status: 200, description: 'the target ticket' },
  },
  {
    method: 'get',
    path: '/api/v1/customers/:id',
    tag: 'customers',
    summary: 'Customer profile: identities, tier, notes, merges, all tickets',
    roles: everyone,
    success: { status: 200, description: 'customer' },
  },
  {
    method: 'patch',
    path: '/api/v1/customers/:id',
    tag: 'customers',
    summary: 'Change name, tier or notes',
    roles: everyone,
    body: customerProfileBody,
    success: { status: 200, description: 'customer' },
  },
  {
    method: 'post',
    path: '/api/v1/customers/:id/merge',
    tag: 'customers',
    summary: 'Merge two customer records of one person (the older survives)',
    roles: supervisors,
    body: customerMergeBody,
    success: { status: 200, description: 'the surviving customer' },
  },
  {
    method: 'get',
    path: '/api/v1/agents',
    tag: 'agents',
    summary: "The workspace's agents",
    roles: ['admin'],
    success: { status: 200, description: '{items}' },
  },
  {
    method: 'post',
    path: '/api/v1/agents',
    tag: 'agents',
    summary: 'Add an agent',
    roles: ['admin'],
    body: newAgentBody,
    success: { status: 201, description: 'agent' },
  },
  {
    method: 'patch',
    path: '/api/v1/agents/:id',
    tag: 'agents',
    summary: "Change an agent's name, role or teams",
    roles: ['admin'],
    body: agentChangeBody,
    success: { status: 200, description: 'agent' },
  },
  {
    method: 'get',
    path: '/api/v1/audit',
    tag: 'audit',
    summary: 'Audit trail: every agent action, who, what, when, before → after (newest first)',
    roles: ['admin'],
    query: auditQuery,
    success: { status: 200, description: '{items, nextBefore}' },
  },
  {
    method: 'post',
    path: '/api/v1/live/token',
    tag: 'live',
    summary: 'A one-minute token that only opens a live-updates stream (for EventSource)',
    roles: everyone,
    success: { status: 201, description: '{token, expiresIn}' },
  },
  {
    method: 'get',
    path: '/api/v1/live',
    tag: 'live',
    summary:
      "Server-Sent Events: the workspace's ticket events as they happen (Authorization header, or ?token= from /live/token)",
    roles: everyone,
    query: streamQuery,
    success: { status: 200, description: 'event stream', contentType: 'text/event-stream' },
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    tag: 'meta',
    summary: 'This document',
    success: { status: 200, description: 'OpenAPI 3.1' },
  },
];
