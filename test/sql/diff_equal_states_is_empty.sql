-- checkpoint_diff of two checkpoints with equal states is '{}' (also a
-- checkpoint with itself).
begin;
select plan(2);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('diff_equal_states_is_empty/' || $1)::uuid $$;

insert into plans (id, title) values (pg_temp.id('plan'), 'unchanged');
create temp table cps as
  select create_checkpoint('plan', pg_temp.id('plan'), 'first') as a,
         create_checkpoint('plan', pg_temp.id('plan'), 'second') as b;

select is(checkpoint_diff((select a from cps), (select b from cps)), '{}'::jsonb,
          'two checkpoints of the same state differ in nothing');
select is(checkpoint_diff((select a from cps), (select a from cps)), '{}'::jsonb,
          'a checkpoint does not differ from itself');

select * from finish();
rollback;
