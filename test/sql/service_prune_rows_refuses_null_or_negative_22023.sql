-- pgcheckpoint_api.prune_service_rows (the HTTP service's retention) refuses a
-- null or negative interval with 22023 naming it, and removes nothing then.
begin;
select plan(4);

insert into request_logs (id, method, path, created_at)
values ('aaaaaaaa-0000-4000-8000-000000000000', 'POST', '/plans', now() - interval '9 days');

select throws_ok($$ select * from pgcheckpoint_api.prune_service_rows(interval '-1 day') $$, '22023', NULL,
                 'a negative interval is 22023');
select throws_ok($$ select * from pgcheckpoint_api.prune_service_rows(null) $$, '22023', NULL, 'a null interval is 22023');
select throws_like($$ select * from pgcheckpoint_api.prune_service_rows(interval '-3 days') $$, '%got -3 days%',
                   'the message names the offending value');
select is((select count(*)::int from request_logs where id = 'aaaaaaaa-0000-4000-8000-000000000000'), 1,
          'nothing was removed');

select * from finish();
rollback;
