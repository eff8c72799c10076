-- The parent type must be registered already (track the parent first):
-- an unknown parent type is 22023.
begin;
select plan(3);

create table track_uparent_steps (id uuid primary key, owner_id uuid);

select throws_ok($$select track_table('track_uparent_steps', 'track_uparent_step', 'no_such_type', 'owner_id')$$,
                 '22023', null, 'an unregistered parent type is refused with 22023');
select is((select count(*)::int from pgcheckpoint.entity_types where table_name = 'track_uparent_steps'::regclass),
          0, 'nothing is registered');
select lives_ok($$select track_table('track_uparent_steps', 'track_uparent_step', 'plan', 'owner_id')$$,
                'the same call with a registered parent type (plan) succeeds');

select * from finish();
rollback;
