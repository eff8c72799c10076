-- checkpoint_diff with an id that is not in the history: P0002, on either side.
begin;
select plan(3);

create function pg_temp.id(text) returns uuid language sql immutable
  as $$ select md5('diff_unknown_checkpoint_is_p0002/' || $1)::uuid $$;

insert into plans (id, title) values (pg_temp.id('plan'), 'p');
create temp table cp as select create_checkpoint('plan', pg_temp.id('plan')) as id;

select throws_ok(format('select checkpoint_diff(%L, %L)', pg_temp.id('missing'), (select id from cp)), 'P0002', null,
                 'an unknown from_checkpoint raises P0002');
select throws_ok(format('select checkpoint_diff(%L, %L)', (select id from cp), pg_temp.id('missing')), 'P0002', null,
                 'an unknown to_checkpoint raises P0002');
select throws_like(format('select checkpoint_diff(%L, %L)', (select id from cp), pg_temp.id('missing')),
                   '%' || pg_temp.id('missing') || '%', 'the message names the unknown id');

select * from finish();
rollback;
