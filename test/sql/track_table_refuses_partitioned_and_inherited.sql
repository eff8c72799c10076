-- Statement triggers fire only for the table a statement names, so a capture
-- on a partitioned table would miss writes aimed at its partitions (and one
-- on a partition, or in an inheritance tree, would miss writes through the
-- parent). track_table refuses such tables (22023) instead of tracking them
-- with holes in their history.
begin;
select plan(4);

create table track_parted (id uuid primary key, v text) partition by hash (id);
create table track_parted_0 partition of track_parted for values with (modulus 1, remainder 0);
create table track_base (id uuid primary key, v text);
create table track_child () inherits (track_base);

select throws_ok($$select track_table('track_parted', 'track_parted')$$, '22023', null,
                 'a partitioned table is refused');
select throws_ok($$select track_table('track_parted_0', 'track_parted_0')$$, '22023', null,
                 'a partition is refused');
select throws_ok($$select track_table('track_base', 'track_base')$$, '22023', null,
                 'a table with inheritance children is refused');
select throws_like($$select track_table('track_child', 'track_child')$$, '%in an inheritance tree%',
                   'an inheritance child is refused, and the message says why');

select * from finish();
rollback;
