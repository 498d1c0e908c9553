import { Schema, type Connection, type Model } from 'mongoose';
import { defaultBusinessCalendar, type BusinessCalendar } from '@threadline/business-calendar';

interface WorkspaceCalendarDoc {
  /** The workspace id: one calendar per workspace. */
  _id: string;
  calendar: BusinessCalendar;
  updatedAt: Date;
}

const workspaceCalendarSchema = new Schema<WorkspaceCalendarDoc>(
  {
    _id: { type: String, required: true },
    calendar: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

/** The office hours SLA business time counts in; Mon–Fri 08:00–16:00 Europe/Warsaw until an admin sets them. */
export class WorkspaceCalendarRepository {
  private readonly calendars: Model<WorkspaceCalendarDoc>;

  constructor(connection: Connection) {
    this.calendars = connection.model<WorkspaceCalendarDoc>('SlaCalendar', workspaceCalendarSchema, 'sla_calendars');
  }

  async get(workspaceId: string): Promise<BusinessCalendar> {
    const doc = await this.calendars.findOne({ _id: workspaceId }).lean<WorkspaceCalendarDoc>();
    return doc?.calendar ?? defaultBusinessCalendar();
  }

  async set(workspaceId: string, calendar: BusinessCalendar): Promise<void> {
    await this.calendars.updateOne({ _id: workspaceId }, { $set: { calendar, updatedAt: new Date() } }, { upsert: true });
  }
}
