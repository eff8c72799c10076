-- Every public function of the contract (CONTRACT.md section 3) exists in
-- the public schema with exactly the contract's signature: argument names,
-- types and defaults, and return type.
begin;
select plan(32);

create function pg_temp.args_of(sig text) returns text language sql as $$
  select pg_get_function_arguments(to_regprocedure(sig))
$$;
create function pg_temp.result_of(sig text) returns text language sql as $$
  select pg_get_function_result(to_regprocedure(sig))
$$;

-- track_table
select has_function('public', 'track_table', array['regclass', 'text', 'text', 'name'],
                    'track_table(regclass, text, text, name) exists');
select is(pg_temp.args_of('public.track_table(regclass,text,text,name)'),
          'table_name regclass, entity_type text, parent_type text DEFAULT NULL::text, parent_column name DEFAULT NULL::name',
          'track_table takes (table_name, entity_type, parent_type default null, parent_column default null)');
select is(pg_temp.result_of('public.track_table(regclass,text,text,name)'), 'void', 'track_table returns void');

-- untrack_table
select has_function('public', 'untrack_table', array['regclass'], 'untrack_table(regclass) exists');
select is(pg_temp.args_of('public.untrack_table(regclass)'), 'table_name regclass',
          'untrack_table takes (table_name)');
select is(pg_temp.result_of('public.untrack_table(regclass)'), 'void', 'untrack_table returns void');

-- create_checkpoint
select has_function('public', 'create_checkpoint', array['text', 'uuid', 'text'],
                    'create_checkpoint(text, uuid, text) exists');
select is(pg_temp.args_of('public.create_checkpoint(text,uuid,text)'),
          'entity_type text, entity_id uuid, reason text DEFAULT NULL::text',
          'create_checkpoint takes (entity_type, entity_id, reason default null)');
select is(pg_temp.result_of('public.create_checkpoint(text,uuid,text)'), 'uuid', 'create_checkpoint returns uuid');

-- restore_checkpoint
select has_function('public', 'restore_checkpoint', array['uuid'], 'restore_checkpoint(uuid) exists');
select is(pg_temp.args_of('public.restore_checkpoint(uuid)'), 'checkpoint_id uuid',
          'restore_checkpoint takes (checkpoint_id)');
select is(pg_temp.result_of('public.restore_checkpoint(uuid)'), 'void', 'restore_checkpoint returns void');

-- rollback_entity
select has_function('public', 'rollback_entity',
                    array['text', 'uuid', 'uuid', 'timestamp with time zone', 'boolean', 'boolean'],
                    'rollback_entity(text, uuid, uuid, timestamptz, boolean, boolean) exists');
select is(pg_temp.args_of('public.rollback_entity(text,uuid,uuid,timestamptz,boolean,boolean)'),
          'entity_type text, entity_id uuid, to_checkpoint uuid DEFAULT NULL::uuid, '
          'to_time timestamp with time zone DEFAULT NULL::timestamp with time zone, '
          'cascade boolean DEFAULT true, dry_run boolean DEFAULT false',
          'rollback_entity takes (entity_type, entity_id, to_checkpoint default null, to_time default null, cascade default true, dry_run default false)');
select is(pg_temp.result_of('public.rollback_entity(text,uuid,uuid,timestamptz,boolean,boolean)'),
          'TABLE(entity_type text, entity_id uuid, action text)',
          'rollback_entity returns table (entity_type, entity_id, action)');
select function_lang_is('public', 'rollback_entity',
                        array['text', 'uuid', 'uuid', 'timestamp with time zone', 'boolean', 'boolean'], 'sql',
                        'rollback_entity is a language sql function (input and output names coincide)');

-- entity_history
select has_function('public', 'entity_history', array['text', 'uuid'], 'entity_history(text, uuid) exists');
select is(pg_temp.args_of('public.entity_history(text,uuid)'), 'entity_type text, entity_id uuid',
          'entity_history takes (entity_type, entity_id)');
select is(pg_temp.result_of('public.entity_history(text,uuid)'), 'SETOF checkpoints',
          'entity_history returns setof checkpoints');

-- entity_state_at
select has_function('public', 'entity_state_at', array['text', 'uuid', 'timestamp with time zone'],
                    'entity_state_at(text, uuid, timestamptz) exists');
select is(pg_temp.args_of('public.entity_state_at(text,uuid,timestamptz)'),
          'entity_type text, entity_id uuid, at timestamp with time zone',
          'entity_state_at takes (entity_type, entity_id, at)');
select is(pg_temp.result_of('public.entity_state_at(text,uuid,timestamptz)'), 'jsonb',
          'entity_state_at returns jsonb');

-- checkpoint_diff
select has_function('public', 'checkpoint_diff', array['uuid', 'uuid'], 'checkpoint_diff(uuid, uuid) exists');
select is(pg_temp.args_of('public.checkpoint_diff(uuid,uuid)'), 'from_checkpoint uuid, to_checkpoint uuid',
          'checkpoint_diff takes (from_checkpoint, to_checkpoint)');
select is(pg_temp.result_of('public.checkpoint_diff(uuid,uuid)'), 'jsonb', 'checkpoint_diff returns jsonb');

-- verify_checkpoints
select has_function('public', 'verify_checkpoints', array['text', 'uuid'], 'verify_checkpoints(text, uuid) exists');
select is(pg_temp.args_of('public.verify_checkpoints(text,uuid)'),
          'entity_type text DEFAULT NULL::text, entity_id uuid DEFAULT NULL::uuid',
          'verify_checkpoints takes (entity_type default null, entity_id default null)');
select is(pg_temp.result_of('public.verify_checkpoints(text,uuid)'),
          'TABLE(checkpoint_id uuid, expected_hash text, actual_hash text)',
          'verify_checkpoints returns table (checkpoint_id, expected_hash, actual_hash)');

-- prune_checkpoints
select has_function('public', 'prune_checkpoints', array['interval', 'integer'],
                    'prune_checkpoints(interval, integer) exists');
select is(pg_temp.args_of('public.prune_checkpoints(interval,integer)'),
          'older_than interval, keep_last integer DEFAULT 1',
          'prune_checkpoints takes (older_than, keep_last default 1)');
select is(pg_temp.result_of('public.prune_checkpoints(interval,integer)'), 'bigint',
          'prune_checkpoints returns bigint');

-- Each name has one overload only: an unqualified call is never ambiguous.
select is(
  array(select p.proname::text from pg_proc p
        where p.pronamespace = 'public'::regnamespace
          and p.proname in ('track_table', 'untrack_table', 'create_checkpoint', 'restore_checkpoint',
                            'rollback_entity', 'entity_history', 'entity_state_at', 'checkpoint_diff',
                            'verify_checkpoints', 'prune_checkpoints')
        group by p.proname having count(*) > 1 order by 1),
  '{}'::text[],
  'no contract function has a second overload');

select * from finish();
rollback;
