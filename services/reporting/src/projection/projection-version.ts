/**
 * The shape of the read models this build projects. Bump it whenever a read
 * model gains, loses or changes a figure: a store projected by another
 * version (or before versions existed) is cleared and rebuilt from the
 * topics on start, so an upgrade never answers reports from half-filled
 * read models. 2: month roll-ups, per-day backlog counts, top reasons.
 * 3: the tier dimension, SLA outcomes per policy (`sla.*` events).
 * 4: counter documents inserted per batch and folded (all values of a kind in one document).
 * 5: a ticket event's claim kept in its ticket's facts (`eventIds`), label keys marked once, year roll-ups.
 * 6: a period's breakdowns (every kind but the combinations) in one document, hour-of-week counts only on the total and
 *    the combinations, one document per customer and category holding its labels (no key documents).
 * 7: a counter document's values stored as one JSON string (FerretDB reads it about ten times faster than nested fields).
 * 8: a ticket's facts and event ids, and a label key's labels, stored as one JSON string each (FerretDB writes one
 *    string field about four times faster than nested fields).
 */
export const PROJECTION_VERSION = 8;
