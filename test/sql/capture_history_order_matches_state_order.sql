-- History order equals state order. An AFTER INSERT row trigger on plans
-- updates the row just inserted (a user's "mark as new"): the entity's
-- checkpoints in seq order read insert, then update; the newest holds the
-- live row; and a rollback to a time before the plan existed deletes it
-- (its history begins with its insert).
-- Today: the trigger's nested UPDATE is captured before the INSERT's
-- statement-level capture, so the history reads update, insert; the newest
-- state is the row as first inserted, and the rollback is P0002.
begin;
select plan(5);

create function pg_temp.mark_new() returns trigger language plpgsql as $$
begin
  update public.plans set title = title || ' (new)' where id = new.id;
  return null;
end $$;
create trigger capture_test_mark_new after insert on plans for each row execute function pg_temp.mark_new();

insert into plans (id, title) values ('ca000000-0000-4000-8000-000000000001', 'Launch');

select results_eq($$select operation from checkpoints where entity_id = 'ca000000-0000-4000-8000-000000000001' order by seq$$,
                  $$values ('insert'), ('update')$$,
                  'in seq order the plan''s checkpoints read insert, then update');
select is((select state_data from checkpoints where entity_id = 'ca000000-0000-4000-8000-000000000001' order by seq desc limit 1),
          (select to_jsonb(p) from plans p where id = 'ca000000-0000-4000-8000-000000000001'),
          'the newest checkpoint holds the live row (title marked new)');
create temp table rolled_back (entity_type text, entity_id uuid, action text);
select lives_ok($$insert into rolled_back
                  select * from rollback_entity('plan', 'ca000000-0000-4000-8000-000000000001', to_time => now() - interval '1 hour')$$,
                'a rollback to a time before the plan existed succeeds (no P0002: its history begins with its insert)');
select results_eq($$select entity_type, entity_id, action from rolled_back$$,
                  $$values ('plan', 'ca000000-0000-4000-8000-000000000001'::uuid, 'deleted')$$,
                  'it deletes the plan');
select is_empty($$select * from plans where id = 'ca000000-0000-4000-8000-000000000001'$$, 'the plan is gone');

select * from finish();
rollback;
