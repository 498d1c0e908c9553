-- Tuning of the embedded store's PostgreSQL database for FerretDB 1.24 (see infra/README.md).
-- Applied by scripts/infra.sh at every start, before FerretDB connects; idempotent.
--
-- FerretDB 1.x pushes a filter down as `_jsonb->$1 @> $2` and indexes fields with btree on
-- `(_jsonb->'field')`. btree cannot serve `@>`, and a generic plan cannot match `_jsonb->$1`
-- to an expression index, so as it comes every lookup scans its table. Two fixes:
--   1. custom plans only, so the field name is a constant the planner can match;
--   2. for each field of FerretDB's expression indexes, a GIN "twin" on that field
--      (jsonb_path_ops serves `@>`), kept in step by event triggers when FerretDB creates or
--      drops an index. One twin per field, not per index: the planner then uses the selective
--      field (a ticket id) and rechecks the others (a workspace id) instead of intersecting
--      a posting list as long as the workspace. fastupdate = off: with GIN's pending list,
--      lookups slowed 5x after a bulk load.

ALTER DATABASE ferretdb SET plan_cache_mode = force_custom_plan;

-- Earlier drafts of this file (a twin per index); their functions and triggers go.
DROP EVENT TRIGGER IF EXISTS threadline_gin_twins_on_create;
DROP EVENT TRIGGER IF EXISTS threadline_gin_twins_on_drop;
DROP FUNCTION IF EXISTS threadline_gin_twins_on_create();
DROP FUNCTION IF EXISTS threadline_gin_twins_on_drop();
DROP FUNCTION IF EXISTS threadline_gin_twin(oid);
DROP FUNCTION IF EXISTS threadline_gin_twin_name(text);

-- Brings one schema's twins in step with its btree indexes: a twin for every field expression
-- of a btree index on _jsonb, and none for a field no btree index has any more.
CREATE OR REPLACE FUNCTION threadline_sync_gin_twins(target_schema name) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  wanted record;
  twin record;
BEGIN
  FOR wanted IN
    SELECT DISTINCT t.relname AS tbl, pg_get_indexdef(i.indexrelid, k, false) AS expr
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_am am ON am.oid = c.relam
      CROSS JOIN LATERAL generate_series(1, i.indnatts) AS k
     WHERE n.nspname = target_schema AND am.amname = 'btree'
       -- top-level fields only: FerretDB 1.x does not push down a filter on a nested one
       AND pg_get_indexdef(i.indexrelid, k, false) ~ '^\(\(_jsonb -> ''[^'']+''::text\)\)$'
  LOOP
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((%s) jsonb_path_ops) WITH (fastupdate = off)',
                   'tl_gin_' || left(md5(wanted.tbl || ' ' || wanted.expr), 24), target_schema, wanted.tbl, wanted.expr);
  END LOOP;

  FOR twin IN
    SELECT c.relname AS name, i.indrelid AS tbl, pg_get_indexdef(i.indexrelid, 1, false) AS expr
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = target_schema AND c.relname LIKE 'tl\_gin\_%'
  LOOP
    IF NOT EXISTS (
      SELECT 1
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_am am ON am.oid = c.relam
        CROSS JOIN LATERAL generate_series(1, i.indnatts) AS k
       WHERE i.indrelid = twin.tbl AND am.amname = 'btree' AND pg_get_indexdef(i.indexrelid, k, false) = twin.expr
    ) THEN
      EXECUTE format('DROP INDEX IF EXISTS %I.%I', target_schema, twin.name);
    END IF;
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION threadline_gin_twins_after_ddl() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  touched record;
BEGIN
  -- Our own CREATE/DROP INDEX of twins fires this trigger again; those change no btree, so
  -- the nested run finds nothing to do.
  FOR touched IN SELECT DISTINCT schema_name FROM pg_event_trigger_ddl_commands() WHERE object_type = 'index' LOOP
    PERFORM threadline_sync_gin_twins(touched.schema_name);
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION threadline_gin_twins_after_drop() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  touched record;
BEGIN
  FOR touched IN SELECT DISTINCT schema_name FROM pg_event_trigger_dropped_objects()
                  WHERE object_type = 'index' AND object_name NOT LIKE 'tl\_gin\_%' LOOP
    PERFORM threadline_sync_gin_twins(touched.schema_name);
  END LOOP;
END
$$;

DROP EVENT TRIGGER IF EXISTS threadline_gin_twins_after_create_index;
CREATE EVENT TRIGGER threadline_gin_twins_after_create_index ON ddl_command_end
  WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION threadline_gin_twins_after_ddl();

DROP EVENT TRIGGER IF EXISTS threadline_gin_twins_after_drop_index;
CREATE EVENT TRIGGER threadline_gin_twins_after_drop_index ON sql_drop
  WHEN TAG IN ('DROP INDEX') EXECUTE FUNCTION threadline_gin_twins_after_drop();

-- Indexes made before this file was applied (an older store, a migration) get theirs now.
DO $$
DECLARE
  s record;
BEGIN
  FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\_%' LOOP
    PERFORM threadline_sync_gin_twins(s.nspname);
  END LOOP;
END
$$;
