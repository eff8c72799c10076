-- restore_checkpoint(id) of an entity whose row was deleted since inserts the
-- row again, with the saved key and values (CONTRACT.md, Semantics: Restore).
begin;
select plan(4);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('restore_reinserts_deleted_row/' || $1)::uuid $$;

insert into prompts (id, name, template, created_at, updated_at)
values (pg_temp.id('prompt'), 'summarise', 'Summarise: {{text}}', '2026-01-01', '2026-01-02');
create temp table saved as select to_jsonb(p) as state from prompts p where id = pg_temp.id('prompt');
select create_checkpoint('prompt', pg_temp.id('prompt'));

delete from prompts where id = pg_temp.id('prompt');

select lives_ok(
  format('select restore_checkpoint(%L)',
         (select id from checkpoints where entity_id = pg_temp.id('prompt') and operation = 'manual')),
  'restore_checkpoint of a deleted row succeeds');
select is((select count(*) from prompts where id = pg_temp.id('prompt')), 1::bigint,
          'the deleted row exists again, under its own id');
select is((select template from prompts where id = pg_temp.id('prompt')), 'Summarise: {{text}}',
          'the re-inserted row carries the saved values');
select is((select to_jsonb(p) from prompts p where id = pg_temp.id('prompt')), (select state from saved),
          'the re-inserted row is the saved row, timestamps included');

select * from finish();
rollback;
