-- The unit inserts a folder and a document in it, then renames the folder
-- (its last change comes last). The document's foreign key is ON DELETE
-- RESTRICT, so deleting the folder first fails: the revert deletes the
-- child before the parent, whatever the order of the unit's last changes.
begin;
select plan(4);

\set ns revert_children_deleted_before_parents
\ir fixtures/plan_tree.sql
\ir fixtures/attempt.sql
\ir fixtures/revert.sql

create table revert_test_folders (id uuid primary key, name text not null);
create table revert_test_docs (id uuid primary key,
                               folder_id uuid not null references revert_test_folders on delete restrict,
                               title text);
select track_table('revert_test_folders', 'revert_test_folder');
select track_table('revert_test_docs', 'revert_test_doc', 'revert_test_folder', 'folder_id');

select pg_temp.as_agent('agent A');
insert into revert_test_folders values (pg_temp.id('folder'), 'drafts');
insert into revert_test_docs values (pg_temp.id('doc'), pg_temp.id('folder'), 'first draft');
update revert_test_folders set name = 'drafts (A)' where id = pg_temp.id('folder');
select pg_temp.as_nobody();

select set_eq($$ select entity_type, entity_id, action, conflict from revert_changes(request_id => pg_temp.id('agent A'), dry_run => true) $$,
              $$ values ('revert_test_folder', pg_temp.id('folder'), 'deleted', null::text),
                        ('revert_test_doc', pg_temp.id('doc'), 'deleted', null::text) $$,
              'the revert is to delete both rows');

create temp table outcome as
  select pg_temp.attempt(format('select * from revert_changes(request_id => %L)', pg_temp.id('agent A'))) as o;
select is((select o ->> 'sqlstate' from outcome), '00000', 'the revert succeeds (no foreign key error)');
select diag('revert_changes: ' || o::text) from outcome where o ->> 'sqlstate' <> '00000';

select is_empty($$ select 1 from revert_test_docs $$, 'the document is gone');
select is_empty($$ select 1 from revert_test_folders $$, 'the folder is gone');

select * from finish();
rollback;
