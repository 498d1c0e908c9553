/**
 * The eight services, their default HTTP ports and their databases. The
 * platform script, docker-compose.yml and k8s/ must agree with this list (a
 * test checks that they do).
 */
export const SERVICE_CATALOG = [
  { name: 'gateway', port: 3000, database: 'threadline_gateway', public: true },
  { name: 'channel-email', port: 3001, database: 'threadline_channel_email', public: false },
  { name: 'channel-voice', port: 3002, database: 'threadline_channel_voice', public: true },
  { name: 'channel-social', port: 3003, database: 'threadline_channel_social', public: true },
  { name: 'tickets', port: 3004, database: 'threadline_tickets', public: false },
  { name: 'routing', port: 3005, database: 'threadline_routing', public: false },
  { name: 'sla', port: 3006, database: 'threadline_sla', public: false },
  { name: 'reporting', port: 3007, database: 'threadline_reporting', public: false },
] as const;

export type ServiceName = (typeof SERVICE_CATALOG)[number]['name'];
