-- Every PL/pgSQL function of pg-checkpoint passes plpgsql_check: no errors
-- and no warnings (unused variables, implicit casts, unknown fields...).
-- Trigger functions are checked against a table they really fire on, with
-- the transition tables their triggers declare.
begin;
create extension if not exists plpgsql_check;
select plan(2);

create temp view our_plpgsql as
select p.oid, p.oid::regprocedure::text as fn,
       case when p.prorettype = 'trigger'::regtype then
         case when p.proname like 'refuse\_%' then 'checkpoints'::regclass
              when p.proname = 'manual_checkpoint' then 'pgcheckpoint.manual_requests'::regclass
              -- a generated capture function: the table of its entity type
              when p.proname like 'capture\_\_%' then
                (select r.table_name from pgcheckpoint.entity_types r where r.entity_type = substr(p.proname, 10))
              else 'plans'::regclass end
       else 0::regclass end as relid,
       p.proname like 'capture\_\_%' as transition
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
join pg_language l on l.oid = p.prolang
where n.nspname in ('public', 'pgcheckpoint', 'pgcheckpoint_api') and l.lanname = 'plpgsql'
  and p.prorettype <> 'event_trigger'::regtype
  and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e');

select cmp_ok((select count(*)::int from our_plpgsql), '>=', 20, 'the project''s PL/pgSQL functions are found');

select is_empty($$
  select f.fn || ' line ' || coalesce(c.lineno::text, '?') || ': ' || c.message
  from our_plpgsql f
  cross join lateral plpgsql_check_function_tb(
    f.oid, f.relid,
    newtable => case when f.transition then 'new_rows' end,
    oldtable => case when f.transition then 'old_rows' end,
    extra_warnings => true) c
  where c.level in ('error', 'warning', 'warning extra')
$$, 'plpgsql_check reports no error or warning in any function');

select * from finish();
rollback;
