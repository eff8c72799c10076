-- track_table refuses (22023) a table that does not identify its rows by a
-- single uuid primary key column: no primary key, a composite one, or one of
-- another type. Nothing is registered and no trigger installed.
begin;
select plan(9);

create table track_pk_none (id uuid, label text);
create table track_pk_composite (a uuid, b uuid, primary key (a, b));
create table track_pk_bigint (id bigint primary key);
create table track_pk_text (id text primary key);
create table track_pk_unique_only (id uuid unique not null);

select throws_ok($$select track_table('track_pk_none', 'track_pk_none')$$,
                 '22023', null, 'a table without a primary key is refused with 22023');
select throws_ok($$select track_table('track_pk_composite', 'track_pk_composite')$$,
                 '22023', null, 'a composite primary key, even of uuids, is refused with 22023');
select throws_ok($$select track_table('track_pk_bigint', 'track_pk_bigint')$$,
                 '22023', null, 'a bigint primary key is refused with 22023');
select throws_ok($$select track_table('track_pk_text', 'track_pk_text')$$,
                 '22023', null, 'a text primary key is refused with 22023');
select throws_ok($$select track_table('track_pk_unique_only', 'track_pk_unique_only')$$,
                 '22023', null, 'a unique uuid column that is not the primary key is not enough (22023)');

select is((select count(*)::int from pgcheckpoint.entity_types
           where table_name in ('track_pk_none'::regclass, 'track_pk_composite'::regclass,
                                'track_pk_bigint'::regclass, 'track_pk_text'::regclass,
                                'track_pk_unique_only'::regclass)),
          0, 'no refused table is registered');
select is((select count(*)::int from pg_trigger
           where tgrelid in ('track_pk_none'::regclass, 'track_pk_composite'::regclass,
                             'track_pk_bigint'::regclass, 'track_pk_text'::regclass,
                             'track_pk_unique_only'::regclass)
             and not tgisinternal),
          0, 'no refused table gets a capture trigger');

-- The error names the table and says what is needed.
select throws_like($$select track_table('track_pk_bigint', 'track_pk_bigint')$$,
                   '%track_pk_bigint%', 'the message names the refused table');

-- The same table with a uuid primary key is accepted.
alter table track_pk_bigint drop constraint track_pk_bigint_pkey, add column uid uuid primary key default gen_random_uuid();
select lives_ok($$select track_table('track_pk_bigint', 'track_pk_bigint')$$,
                'once it has a single uuid primary key, the table is accepted');

select * from finish();
rollback;
