-- A deferrable primary key lets one statement delete a row and insert a new
-- row with the same key. The history must end in the state that is live:
-- after the statement, the entity's newest checkpoint is not a delete and
-- holds the live row, entity_state_at(now()) is the live row, and a rollback
-- to the checkpoint taken before the statement brings back the old body.
-- Today: the DELETE (run last, as a data-modifying CTE) is captured after
-- the INSERT, so the newest checkpoint is a delete and the row reads as absent.
begin;
select plan(5);

create table capture_test_docs (
  id   uuid primary key deferrable initially immediate,
  body text,
  rev  int not null default 1
);
select track_table('capture_test_docs', 'capture_test_doc');
insert into capture_test_docs (id, body) values ('cb000000-0000-4000-8000-000000000001', 'old');
select create_checkpoint('capture_test_doc', 'cb000000-0000-4000-8000-000000000001', 'before the replace');
create temp table before_replace as select to_jsonb(d) as state from capture_test_docs d;

with d as (delete from capture_test_docs where id = 'cb000000-0000-4000-8000-000000000001')
insert into capture_test_docs (id, body, rev) values ('cb000000-0000-4000-8000-000000000001', 'new', 2);

select isnt((select operation from checkpoints where entity_id = 'cb000000-0000-4000-8000-000000000001'
             order by seq desc limit 1), 'delete',
            'the newest checkpoint of the replaced row is not a delete');
select is((select state_data from checkpoints where entity_id = 'cb000000-0000-4000-8000-000000000001'
           order by seq desc limit 1),
          (select to_jsonb(d) from capture_test_docs d),
          'it holds the live row');
select is(entity_state_at('capture_test_doc', 'cb000000-0000-4000-8000-000000000001', now()),
          (select to_jsonb(d) from capture_test_docs d),
          'entity_state_at(now()) is the live row');
select lives_ok($$select * from rollback_entity('capture_test_doc', 'cb000000-0000-4000-8000-000000000001')$$,
                'a rollback to the checkpoint taken before the statement succeeds');
select is((select to_jsonb(d) from capture_test_docs d), (select state from before_replace),
          'and brings back the old row exactly');

select * from finish();
rollback;
