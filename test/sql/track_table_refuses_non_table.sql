-- Only tables can be tracked: a view (or a sequence) is 22023.
begin;
select plan(4);

create view track_nontable_view as select id, title from plans;
create sequence track_nontable_seq;

select throws_ok($$select track_table('track_nontable_view', 'track_nontable_view')$$,
                 '22023', null, 'a view is refused with 22023');
select throws_ok($$select track_table('track_nontable_seq', 'track_nontable_seq')$$,
                 '22023', null, 'a sequence is refused with 22023');
select is((select count(*)::int from pgcheckpoint.entity_types
           where table_name in ('track_nontable_view'::regclass, 'track_nontable_seq'::regclass)),
          0, 'nothing is registered');
select is((select count(*)::int from pg_trigger where tgrelid = 'track_nontable_view'::regclass),
          0, 'the view gets no trigger');

select * from finish();
rollback;
