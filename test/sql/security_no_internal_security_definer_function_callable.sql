-- The only SECURITY DEFINER functions a plain role can call are the
-- contract's public functions. Any other (an internal helper) runs with the
-- owner's rights on arguments its caller chose, and would have to re-check
-- everything its public caller checked. Listed: functions in public and in
-- pgcheckpoint (if it exists) that a role with no grants can EXECUTE (and
-- whose schema it can use), that are SECURITY DEFINER, and that are not
-- trigger functions (those cannot be called directly); functions of
-- extensions (pgcrypto, pgTAP) are not pg-checkpoint's and are left out.
-- Today: internal helpers such as _checkpoint_manual and _pruned_before are listed.
begin;
select plan(1);

create role security_test_nobody;

select is_empty($$
  select p.oid::regprocedure
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'pgcheckpoint')
    and p.prosecdef
    and p.prorettype not in ('trigger'::regtype, 'event_trigger'::regtype)
    and has_schema_privilege('security_test_nobody', n.oid, 'USAGE')
    and has_function_privilege('security_test_nobody', p.oid, 'EXECUTE')
    and not exists (select from pg_depend d
                    where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
    and not (n.nspname = 'public'
             and p.proname in ('track_table', 'untrack_table', 'create_checkpoint', 'restore_checkpoint',
                               'rollback_entity', 'entity_history', 'entity_state_at', 'checkpoint_diff',
                               'verify_checkpoints', 'prune_checkpoints', 'revert_changes'))
  $$,
  'a role with no grants can call no SECURITY DEFINER function but the contract''s');

select * from finish();
rollback;
