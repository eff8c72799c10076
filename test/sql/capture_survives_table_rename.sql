-- Renaming a tracked table does not break its capture: the generated
-- capture function names only the key and parent columns, and TRUNCATE
-- reads the table the trigger fired on.
begin;
select plan(3);

create table before_rename (id uuid primary key, label text);
select track_table('before_rename', 'renamed_thing');
insert into before_rename values ('7e000000-0000-4000-8000-000000000001', 'one');
alter table before_rename rename to after_rename;

update after_rename set label = 'two';
select is((select state_data ->> 'label' from checkpoints
           where entity_id = '7e000000-0000-4000-8000-000000000001' order by seq desc limit 1),
          'two', 'an update of the renamed table is captured');

truncate after_rename;
select is((select operation from checkpoints
           where entity_id = '7e000000-0000-4000-8000-000000000001' order by seq desc limit 1),
          'delete', 'a truncate of the renamed table records its rows as deleted');
select is((select state_data ->> 'label' from checkpoints
           where entity_id = '7e000000-0000-4000-8000-000000000001' order by seq desc limit 1),
          'two', 'with their last state');

select * from finish();
rollback;
