-- checkpoints is append-only: DELETE is refused even for its owner (a guard
-- trigger, 42501) outside prune_checkpoints. (That nothing is removed needs
-- no test of its own: a statement that fails is undone as a whole.)
begin;
select plan(3);

insert into plans (id, title) values ('a2000000-0000-4000-8000-000000000001', 'history');
update plans set status = 'running' where id = 'a2000000-0000-4000-8000-000000000001';

select throws_ok($$delete from checkpoints where entity_id = 'a2000000-0000-4000-8000-000000000001'$$,
                 '42501', null, 'the owner cannot delete a checkpoint');
select throws_ok($$delete from checkpoints where false$$,
                 '42501', null, 'even a delete that matches no row is refused');
select throws_like($$delete from checkpoints where entity_id = 'a2000000-0000-4000-8000-000000000001'$$,
                   '%append-only%', 'the error says the history is append-only');

select * from finish();
rollback;
