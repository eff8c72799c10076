-- checkpoints cannot be truncated, by its owner either (42501), directly or
-- through TRUNCATE request_logs CASCADE.
begin;
select plan(3);

insert into plans (id, title) values ('a3000000-0000-4000-8000-000000000001', 'history');

select throws_ok('truncate checkpoints', '42501', null, 'the owner cannot truncate checkpoints');
set local client_min_messages = warning;  -- keep the "truncate cascades" notice out of the TAP output
select throws_ok('truncate request_logs cascade', '42501', null,
                 'truncating request_logs with cascade (which would reach checkpoints) is refused');
select throws_like('truncate checkpoints', '%append-only%', 'the error says the history is append-only');

select * from finish();
rollback;
