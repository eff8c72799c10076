-- create_checkpoint saves the row as the owner reads it, but only for a
-- caller who can see it: a row hidden by row-level security is not found
-- (P0002) and no checkpoint is made, so a tenant cannot add checkpoints to
-- (and move the default rollback target of) another tenant's entities.
begin;
select plan(3);

create role rls_test_tenant_a;
grant select, insert, update on prompts to rls_test_tenant_a;
insert into prompts (id, name, template) values
  ('de000000-0000-4000-8000-000000000001', 'tenant a', 'a'),
  ('de000000-0000-4000-8000-000000000002', 'tenant b', 'b');
alter table prompts enable row level security;
create policy rls_test_only_a on prompts for all to rls_test_tenant_a using (name = 'tenant a');
select last_value as seq_before from checkpoints_seq_seq \gset

set local role rls_test_tenant_a;
select throws_ok($$select create_checkpoint('prompt', 'de000000-0000-4000-8000-000000000002')$$, 'P0002', null,
                 'a row hidden by row-level security is not found');
reset role;
select is((select last_value from checkpoints_seq_seq), :'seq_before'::bigint,
          'it fails before any checkpoint is started (no seq drawn)');
set local role rls_test_tenant_a;
select lives_ok($$select create_checkpoint('prompt', 'de000000-0000-4000-8000-000000000001')$$,
                'a visible row is checkpointed');
reset role;

select * from finish();
rollback;
