-- JSON null is not SQL null. A jsonb column holding the JSON value null
-- ('null'::jsonb) comes back from a restore or a rollback as JSON null, and
-- one holding SQL NULL as SQL NULL; a NOT NULL jsonb column holding JSON
-- null is restored without a not-null violation (23502).
-- Today: the state {"doc": null} is read back as SQL NULL: 23502 for doc,
-- and opt comes back SQL NULL instead of JSON null.
begin;
select plan(8);

create table restore_test_docs (
  id  uuid primary key,
  doc jsonb not null,
  opt jsonb
);
select track_table('restore_test_docs', 'restore_test_doc');
insert into restore_test_docs values
  ('cc000000-0000-4000-8000-000000000001', 'null', 'null'),   -- JSON null in both
  ('cc000000-0000-4000-8000-000000000002', '{}', null);       -- SQL NULL in opt
create temp table saved as
  select d.id, to_jsonb(d) as state,
         (select c.id from checkpoints c where c.entity_id = d.id order by c.seq desc limit 1) as checkpoint_id
  from restore_test_docs d;

update restore_test_docs set doc = '{"a": 1}', opt = '1';
select lives_ok(format('select restore_checkpoint(%L)', (select checkpoint_id from saved where id = 'cc000000-0000-4000-8000-000000000001')),
                'restore_checkpoint of a row holding JSON null in a NOT NULL jsonb column succeeds (no 23502)');
select is((select doc from restore_test_docs where id = 'cc000000-0000-4000-8000-000000000001'), 'null'::jsonb,
          'the NOT NULL column holds JSON null again');
select ok((select opt is not null and opt = 'null'::jsonb from restore_test_docs where id = 'cc000000-0000-4000-8000-000000000001'),
          'the nullable column holds JSON null again, not SQL NULL');
select lives_ok(format('select restore_checkpoint(%L)', (select checkpoint_id from saved where id = 'cc000000-0000-4000-8000-000000000002')),
                'restore_checkpoint of a row holding SQL NULL succeeds');
select ok((select opt is null from restore_test_docs where id = 'cc000000-0000-4000-8000-000000000002'),
          'the nullable column holds SQL NULL again, not JSON null');

update restore_test_docs set doc = '[]', opt = '"x"';
select lives_ok($$select * from rollback_entity('restore_test_doc', 'cc000000-0000-4000-8000-000000000001',
                                                to_checkpoint => (select checkpoint_id from saved
                                                                  where id = 'cc000000-0000-4000-8000-000000000001'))$$,
                'rollback_entity to that checkpoint succeeds too');
select lives_ok($$select * from rollback_entity('restore_test_doc', 'cc000000-0000-4000-8000-000000000002',
                                                to_checkpoint => (select checkpoint_id from saved
                                                                  where id = 'cc000000-0000-4000-8000-000000000002'))$$,
                'and for the row with SQL NULL');
select set_eq($$select id, doc, opt, opt is null from restore_test_docs$$,
              $$values ('cc000000-0000-4000-8000-000000000001'::uuid, 'null'::jsonb, 'null'::jsonb, false),
                       ('cc000000-0000-4000-8000-000000000002', '{}', null, true)$$,
              'after the rollbacks JSON null is JSON null and SQL NULL is SQL NULL');

select * from finish();
rollback;
