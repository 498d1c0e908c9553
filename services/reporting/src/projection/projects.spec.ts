import { EVENT_TYPES, type EventType } from '@threadline/contracts';
import { PROJECTED_TOPICS } from './projection.module';
import { PROJECTIONS, projects } from './project-events.usecase';

const onProjectedTopics = (Object.keys(EVENT_TYPES) as EventType[]).filter((type) =>
  (PROJECTED_TOPICS as string[]).includes(EVENT_TYPES[type].topic),
);

it('skips, undecoded, the registered events of its topics that make no figures, and only those', () => {
  const skipped = onProjectedTopics.filter((type) => !projects({ type, version: EVENT_TYPES[type].version, payload: {} }));
  expect(skipped.sort()).toEqual(onProjectedTopics.filter((type) => !PROJECTIONS[type]).sort());
  expect(skipped).toContain('ticket.note-added.v1');
  expect(projects({ type: 'ticket.created.v1', version: 1, payload: {} })).toBe(true);
});

it('lets an unknown type or version through, to be counted and skipped, and what only validation can judge', () => {
  expect(projects({ type: 'contact.received.v2', version: 2, payload: {} })).toBe(true);
  expect(projects({ type: 'ticket.note-added.v1', version: 2, payload: {} })).toBe(true);
  expect(projects({ type: 42, payload: {} })).toBe(true);
  expect(projects({})).toBe(true);
});
