-- track_table records a `baseline` checkpoint for every row that already
-- exists in the table, holding the full row and its hash; from then on the
-- table's writes are captured.
begin;
select plan(9);

create table track_baseline_notes (
  id   uuid primary key default gen_random_uuid(),
  body text not null,
  num  integer
);
insert into track_baseline_notes (id, body, num)
select ('7b000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'note ' || g, g
from generate_series(1, 25) g;

select is((select count(*)::int from checkpoints where entity_type = 'track_baseline_note'),
          0, 'before tracking, the table has no history');

select lives_ok($$select track_table('track_baseline_notes', 'track_baseline_note')$$,
                'track_table accepts a table with a uuid primary key');

select is((select count(*)::int from checkpoints where entity_type = 'track_baseline_note'),
          25, 'one checkpoint per existing row');
select is((select count(distinct entity_id)::int from checkpoints where entity_type = 'track_baseline_note'),
          25, 'each existing row gets its own');
select is(array(select distinct operation from checkpoints where entity_type = 'track_baseline_note'),
          array['baseline'], 'their operation is baseline');
select is((select count(*)::int from track_baseline_notes t
           join checkpoints c on c.entity_type = 'track_baseline_note' and c.entity_id = t.id
           where c.state_data = to_jsonb(t)
             and c.state_hash = encode(digest(to_jsonb(t)::text, 'sha256'), 'hex')),
          25, 'each baseline holds the full row and its SHA-256');
select is((select count(*)::int from checkpoints
           where entity_type = 'track_baseline_note' and created_at = now()),
          25, 'the baselines are written in the tracking transaction');

insert into track_baseline_notes (id, body) values ('7b000000-0000-4000-8000-0000000000ff', 'new');
update track_baseline_notes set num = -num where id = '7b000000-0000-4000-8000-000000000001';
select results_eq(
  $$select entity_id, operation from checkpoints
    where entity_type = 'track_baseline_note' and operation <> 'baseline' order by seq$$,
  $$values ('7b000000-0000-4000-8000-0000000000ff'::uuid, 'insert'),
           ('7b000000-0000-4000-8000-000000000001'::uuid, 'update')$$,
  'after tracking, inserts and updates of the table are captured');

-- An empty table gets no baseline at all.
create table track_baseline_empty (id uuid primary key);
select track_table('track_baseline_empty', 'track_baseline_empty');
select is((select count(*)::int from checkpoints where entity_type = 'track_baseline_empty'),
          0, 'tracking an empty table records nothing');

select * from finish();
rollback;
