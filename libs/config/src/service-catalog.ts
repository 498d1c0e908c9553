/**
 * The eight services, their default HTTP ports (public listener, and the
 * internal one only the gateway and other services reach) and their databases. The
 * platform script, docker-compose.yml and k8s/ must agree with this list (a
 * test checks that they do).
 */
export const SERVICE_CATALOG = [
  { name: 'gateway', port: 3000, internalPort: 3100, database: 'threadline_gateway', public: true },
  { name: 'channel-email', port: 3001, internalPort: 3101, database: 'threadline_channel_email', public: false },
  { name: 'channel-voice', port: 3002, internalPort: 3102, database: 'threadline_channel_voice', public: true },
  { name: 'channel-social', port: 3003, internalPort: 3103, database: 'threadline_channel_social', public: true },
  { name: 'tickets', port: 3004, internalPort: 3104, database: 'threadline_tickets', public: false },
  { name: 'routing', port: 3005, internalPort: 3105, database: 'threadline_routing', public: false },
  { name: 'sla', port: 3006, internalPort: 3106, database: 'threadline_sla', public: false },
  { name: 'reporting', port: 3007, internalPort: 3107, database: 'threadline_reporting', public: false },
] as const;

export type ServiceName = (typeof SERVICE_CATALOG)[number]['name'];
