-- to_checkpoint must be a checkpoint of the entity being rolled back: one of
-- another entity (even of the same type, or of a child) is 22023, and nothing changes.
begin;
select plan(3);

\set ns rollback_to_checkpoint_of_another_entity_is_22023
\ir fixtures/plan_tree.sql
select create_checkpoint('plan', pg_temp.id('plan'), 'before the agent run');

insert into plans (id, title) values (pg_temp.id('other plan'), 'other');
select create_checkpoint('plan', pg_temp.id('other plan'));
select create_checkpoint('task', pg_temp.id('task 1'));
update plans set title = 'changed' where id = pg_temp.id('plan');

-- (a failed statement's writes are undone; a sequence value it drew is not)
select last_value as seq_before from checkpoints_seq_seq \gset
select throws_ok(format('select * from rollback_entity(%L, %L, to_checkpoint => %L)', 'plan', pg_temp.id('plan'),
                        (select id from checkpoints where entity_id = pg_temp.id('other plan') and operation = 'manual')),
                 '22023', null,
                 'a checkpoint of another plan is refused with 22023');
select throws_ok(format('select * from rollback_entity(%L, %L, to_checkpoint => %L)', 'plan', pg_temp.id('plan'),
                        (select id from checkpoints where entity_id = pg_temp.id('task 1') and operation = 'manual')),
                 '22023', null,
                 'a checkpoint of one of its tasks is refused with 22023');
select is((select last_value from checkpoints_seq_seq), :'seq_before'::bigint,
          'refused before any write: no checkpoint was even started');

select * from finish();
rollback;
