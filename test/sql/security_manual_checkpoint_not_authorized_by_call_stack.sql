-- No authorization by reading the call stack. A role that cannot see a row
-- (row-level security) must not be able to write a manual checkpoint of it
-- (which would also move that entity's default rollback target), whatever
-- functions it defines: here one named create_checkpoint(text,uuid,text) in a
-- schema first on its search path, and one in a schema whose name is a
-- newline followed by the text the stack search looks for, both calling the
-- SECURITY DEFINER helper behind create_checkpoint directly. (After a rewrite
-- the helper may not exist or not be executable: any error is fine; what
-- counts is that no checkpoint was made.)
-- Today: public._checkpoint_manual trusts a string search of the call stack,
-- so both spoofs write manual checkpoints of the hidden plan.
begin;
select plan(4);

\ir fixtures/attempt.sql
create role security_test_spoofer;
grant select on plans to security_test_spoofer;
insert into plans (id, title) values
  ('c4000000-0000-4000-8000-000000000001', 'hidden: another tenant''s plan'),
  ('c4000000-0000-4000-8000-000000000002', 'visible');
alter table plans enable row level security;
create policy security_test_visible_only on plans for all to security_test_spoofer using (title = 'visible');
create schema security_test_spoof authorization security_test_spoofer;
create schema "
PL/pgSQL function create_checkpoint(text,uuid,text) line " authorization security_test_spoofer;

set local role security_test_spoofer;
create function security_test_spoof.create_checkpoint(entity_type text, entity_id uuid, reason text) returns uuid
language plpgsql as $$
begin
  return public._checkpoint_manual(entity_type, entity_id, reason, current_user::text);
end $$;
create function "
PL/pgSQL function create_checkpoint(text,uuid,text) line ".spoof(entity_type text, entity_id uuid, reason text) returns uuid
language plpgsql as $$
begin
  return public._checkpoint_manual(entity_type, entity_id, reason, current_user::text);
end $$;
set local search_path = security_test_spoof, public;
create temp table spoofs as
  select pg_temp.attempt($$select create_checkpoint('plan', 'c4000000-0000-4000-8000-000000000001', 'spoof 1')$$) as outcome
  union all
  select pg_temp.attempt(format('select %I.spoof(%L, %L, %L)', E'\nPL/pgSQL function create_checkpoint(text,uuid,text) line ',
                                'plan', 'c4000000-0000-4000-8000-000000000001', 'spoof 2'));
reset search_path;
select lives_ok($$select create_checkpoint('plan', 'c4000000-0000-4000-8000-000000000002', 'honest')$$,
                'the role can checkpoint the plan it can see (so the refusals below are not for lack of privileges)');
reset role;

select is_empty($$select * from checkpoints where entity_id = 'c4000000-0000-4000-8000-000000000001' and reason = 'spoof 1'$$,
                'a create_checkpoint of the role''s own, first on its search path, wrote no checkpoint of the hidden plan');
select is_empty($$select * from checkpoints where entity_id = 'c4000000-0000-4000-8000-000000000001' and reason = 'spoof 2'$$,
                'a function in a schema named after the stack line it imitates wrote none either');
select is_empty($$select * from checkpoints where entity_id = 'c4000000-0000-4000-8000-000000000001' and operation = 'manual'$$,
                'the hidden plan has no manual checkpoint: its default rollback target did not move');

select * from finish();
rollback;
