// The schema lives in contracts: the gateway's admin API and OpenAPI document validate with the same one.
export {
  businessHoursSchema,
  callQueueSchema,
  callSetupSchema,
  menuActionSchema,
  menuSchema,
  type CallQueue,
  type CallSetup,
  type Menu,
  type MenuAction,
} from '@threadline/contracts';
