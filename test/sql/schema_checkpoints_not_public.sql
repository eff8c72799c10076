-- No privilege on checkpoints is granted to PUBLIC: a role that was granted
-- nothing can neither read nor write the history directly.
begin;
select plan(7);

create role schema_test_nobody;

select table_privs_are('public', 'checkpoints', 'public', '{}'::text[],
                       'PUBLIC has no table privilege on checkpoints');
select is(has_any_column_privilege('public', 'public.checkpoints', 'SELECT, INSERT, UPDATE, REFERENCES'), false,
          'PUBLIC has no column privilege on checkpoints either');
select is(array(select a.privilege_type from pg_class c, aclexplode(c.relacl) a
                where c.oid = 'public.checkpoints'::regclass and a.grantee = 0),
          '{}'::text[], 'the ACL of checkpoints has no entry for PUBLIC');
select table_privs_are('public', 'checkpoints', 'schema_test_nobody', '{}'::text[],
                       'a role granted nothing has no privilege on checkpoints');

set local role schema_test_nobody;
select throws_ok('select count(*) from checkpoints', '42501', null,
                 'a role granted nothing cannot read checkpoints');
select throws_ok($$insert into checkpoints (entity_type, entity_id, operation, state_data, state_hash)
                   values ('plan', gen_random_uuid(), 'manual', '{}', repeat('0', 64))$$,
                 '42501', null, 'a role granted nothing cannot insert into checkpoints');
select throws_ok('select * from entity_history(''plan'', gen_random_uuid())', '42501', null,
                 'a role granted nothing cannot read history through entity_history');
reset role;

select * from finish();
rollback;
