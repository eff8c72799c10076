-- Every function the project defines (in public, pgcheckpoint and pgcheckpoint_api) is documented
-- (COMMENT ON FUNCTION), and every SECURITY DEFINER function pins its
-- search_path, with pg_temp last, so that no caller can hijack the names it
-- resolves. Extension members (pgcrypto, pgtap) are not ours and are skipped.
begin;
select plan(6);

create temp view our_functions as
  select p.oid, p.oid::regprocedure::text as signature, p.prosecdef, p.proconfig
  from pg_proc p
  where p.pronamespace in ('public'::regnamespace, 'pgcheckpoint'::regnamespace, 'pgcheckpoint_api'::regnamespace)
    and not exists (select 1 from pg_depend d
                    where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e');

select cmp_ok((select count(*)::int from our_functions), '>=', 10,
              'the public schema holds the project''s functions (the checks below are not vacuous)');
select is(array(select signature from our_functions
                where obj_description(oid, 'pg_proc') is null order by 1),
          '{}'::text[],
          'every public function we define has a comment');
select is(array(select signature from our_functions
                where coalesce(btrim(obj_description(oid, 'pg_proc')), '') = '' order by 1),
          '{}'::text[],
          'no function comment is blank');

select cmp_ok((select count(*)::int from our_functions where prosecdef), '>', 0,
              'there are SECURITY DEFINER functions to check');
select is(array(select signature from our_functions
                where prosecdef
                  and not exists (select 1 from unnest(coalesce(proconfig, '{}')) s where s like 'search_path=%')
                order by 1),
          '{}'::text[],
          'every SECURITY DEFINER function pins its search_path');
select is(array(select signature from our_functions f
                cross join lateral (select substr(s, length('search_path=') + 1) as path
                                    from unnest(coalesce(f.proconfig, '{}')) s where s like 'search_path=%') sp
                where f.prosecdef
                  and (sp.path !~ '(^|,\s*)pg_catalog\s*,' or sp.path !~ ',\s*pg_temp\s*$')
                order by 1),
          '{}'::text[],
          'every SECURITY DEFINER search_path names pg_catalog explicitly and ends with pg_temp');

select * from finish();
rollback;
