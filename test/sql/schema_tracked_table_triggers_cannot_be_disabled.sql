-- The triggers that capture a tracked table's writes cannot be disabled, so
-- writes are never silently uncaptured: ALTER TABLE ... DISABLE TRIGGER ALL,
-- DISABLE TRIGGER USER, and DISABLE TRIGGER of each trigger pg-checkpoint
-- installed on the table (found in pg_trigger: the table has no others) are
-- refused (any SQLSTATE); the triggers stay enabled and writes are captured.
-- Today: ALTER TABLE ... DISABLE TRIGGER succeeds, and later writes leave no history.
begin;
select plan(6);

\ir fixtures/attempt.sql
create table schema_test_logs (id uuid primary key, body text);
select track_table('schema_test_logs', 'schema_test_log');
create temp table installed as
  select t.tgname from pg_trigger t where t.tgrelid = 'schema_test_logs'::regclass and not t.tgisinternal;
select ok((select count(*) > 0 from installed), 'precondition: track_table installed triggers on the table');

select isnt(pg_temp.attempt('alter table schema_test_logs disable trigger all') ->> 'sqlstate', '00000',
            'DISABLE TRIGGER ALL on a tracked table is refused');
select isnt(pg_temp.attempt('alter table schema_test_logs disable trigger user') ->> 'sqlstate', '00000',
            'DISABLE TRIGGER USER is refused');
select is_empty($$select tgname from installed
                  where pg_temp.attempt(format('alter table schema_test_logs disable trigger %I', tgname)) ->> 'sqlstate' = '00000'$$,
                'disabling any one of the installed triggers by name is refused');
select is_empty($$select t.tgname from pg_trigger t
                  where t.tgrelid = 'schema_test_logs'::regclass and not t.tgisinternal and t.tgenabled = 'D'$$,
                'every trigger on the table is still enabled');
insert into schema_test_logs values ('d5000000-0000-4000-8000-000000000001', 'written after the attempts');
select is((select count(*) from checkpoints where entity_type = 'schema_test_log'
                                              and entity_id = 'd5000000-0000-4000-8000-000000000001'),
          1::bigint, 'a write after the attempts is captured');

select * from finish();
rollback;
