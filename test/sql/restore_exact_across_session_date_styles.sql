-- Exactness must not depend on the session's DateStyle either: to_jsonb
-- renders a range (and other values written through their text output) in
-- the session's style. A state captured in one style and restored in another
-- must be the same row, hash included, and the stored state must be in one
-- style whatever the writer's session used.
begin;
select plan(5);

create table date_style_spans (id uuid primary key, label text, span daterange);
select track_table('date_style_spans', 'date_style_span');

set local datestyle = 'SQL, DMY';           -- the writer's session
insert into date_style_spans values ('d6000000-0000-4000-8000-000000000001', 'saved', '[2024-02-01,2024-03-01)');
create temp table target as
  select * from checkpoints where entity_id = 'd6000000-0000-4000-8000-000000000001' and operation = 'insert';
select is((select state_data->>'span' from target), '[2024-02-01,2024-03-01)',
          'the state holds the range in ISO style, not the writer''s');
set local datestyle = 'German';
select create_checkpoint('date_style_span', 'd6000000-0000-4000-8000-000000000001') as manual \gset
select is((select state_hash from checkpoints where id = :'manual'), (select state_hash from target),
          'a checkpoint of the same row in another style hashes the same');
update date_style_spans set label = 'changed', span = '[2025-01-01,2025-01-02)';

set local datestyle = 'ISO, MDY';           -- the operator's session
select restore_checkpoint((select id from target));
select is((select span from date_style_spans), '[2024-02-01,2024-03-01)'::daterange,
          'the restored range is the saved one (February, not January 2nd)');
create temp table restore_capture as
  select * from checkpoints where entity_id = 'd6000000-0000-4000-8000-000000000001' order by seq desc limit 1;
select is((select state_hash from restore_capture), (select state_hash from target),
          'the capture of the restore has the state_hash of the restored checkpoint');
select is(checkpoint_diff((select id from target), (select id from restore_capture)), '{}'::jsonb,
          'the restored state does not differ from the checkpoint''s');

select * from finish();
rollback;
