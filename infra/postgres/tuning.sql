-- Tuning of the embedded store's PostgreSQL database for FerretDB 1.24 (see infra/README.md).
-- Applied by scripts/infra.sh at every start, before FerretDB connects; idempotent.
--
-- FerretDB 1.x pushes a filter down as `_jsonb->$1 @> $2` and indexes fields with btree on
-- `(_jsonb->'field')`. btree cannot serve `@>`, and a generic plan cannot match `_jsonb->$1`
-- to an expression index, so as it comes every lookup scans its table. Two fixes:
--   1. custom plans only, so the field name is a constant the planner can match;
--   2. beside each of FerretDB's expression indexes, a GIN "twin" on the same expressions
--      (jsonb_path_ops serves `@>`), made by an event trigger when FerretDB creates an index
--      and dropped with it. fastupdate = off: with GIN's pending list, lookups slowed 5x
--      after a bulk load.

ALTER DATABASE ferretdb SET plan_cache_mode = force_custom_plan;

-- The twin's name: FerretDB's index names end in _idx and are unique per schema.
CREATE OR REPLACE FUNCTION threadline_gin_twin_name(index_name text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT regexp_replace(index_name, '(_idx)?$', '_gin')
$$;

-- Creates the GIN twin of one btree index whose every column is an expression on _jsonb.
CREATE OR REPLACE FUNCTION threadline_gin_twin(index_oid oid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  idx record;
  expr text;
  columns text[] := '{}';
BEGIN
  SELECT c.relname AS name, n.nspname AS schema, t.relname AS tbl, am.amname AS method, i.indnatts AS width
    INTO idx
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_am am ON am.oid = c.relam
   WHERE i.indexrelid = index_oid;
  -- Not a btree (our own GIN twins land here too, which ends the recursion).
  IF NOT FOUND OR idx.method <> 'btree' THEN
    RETURN;
  END IF;
  FOR k IN 1..idx.width LOOP
    expr := pg_get_indexdef(index_oid, k, false);
    IF position('_jsonb ->' IN expr) = 0 THEN
      RETURN; -- not one of FerretDB's expression indexes
    END IF;
    columns := columns || format('(%s) jsonb_path_ops', expr);
  END LOOP;
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin (%s) WITH (fastupdate = off)',
                 threadline_gin_twin_name(idx.name), idx.schema, idx.tbl, array_to_string(columns, ', '));
END
$$;

CREATE OR REPLACE FUNCTION threadline_gin_twins_on_create() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  created record;
BEGIN
  FOR created IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE object_type = 'index' LOOP
    PERFORM threadline_gin_twin(created.objid);
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION threadline_gin_twins_on_drop() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  dropped record;
BEGIN
  FOR dropped IN SELECT schema_name, object_name FROM pg_event_trigger_dropped_objects()
                  WHERE object_type = 'index' AND object_name LIKE '%\_idx' LOOP
    EXECUTE format('DROP INDEX IF EXISTS %I.%I', dropped.schema_name, threadline_gin_twin_name(dropped.object_name));
  END LOOP;
END
$$;

DROP EVENT TRIGGER IF EXISTS threadline_gin_twins_on_create;
CREATE EVENT TRIGGER threadline_gin_twins_on_create ON ddl_command_end
  WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION threadline_gin_twins_on_create();

DROP EVENT TRIGGER IF EXISTS threadline_gin_twins_on_drop;
CREATE EVENT TRIGGER threadline_gin_twins_on_drop ON sql_drop
  WHEN TAG IN ('DROP INDEX') EXECUTE FUNCTION threadline_gin_twins_on_drop();

-- Indexes made before this file was applied (an older store, or a migration) get theirs now.
SELECT threadline_gin_twin(i.indexrelid)
  FROM pg_index i
  JOIN pg_class c ON c.oid = i.indexrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%';
