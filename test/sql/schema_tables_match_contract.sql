-- The tables of the public contract (CONTRACT.md section 1): the history
-- table `checkpoints` and the five domain tables, with the contract's
-- columns, types, nullability, defaults and keys.
begin;
select plan(101);

-- checkpoints ---------------------------------------------------------------
select has_table('public', 'checkpoints', 'checkpoints exists in the public schema');

select col_type_is('public', 'checkpoints', 'id',          'uuid',                     'checkpoints.id is uuid');
select col_type_is('public', 'checkpoints', 'seq',         'bigint',                   'checkpoints.seq is bigint');
select col_type_is('public', 'checkpoints', 'entity_type', 'character varying(50)',    'checkpoints.entity_type is varchar(50)');
select col_type_is('public', 'checkpoints', 'entity_id',   'uuid',                     'checkpoints.entity_id is uuid');
select col_type_is('public', 'checkpoints', 'operation',   'text',                     'checkpoints.operation is text');
select col_type_is('public', 'checkpoints', 'state_data',  'jsonb',                    'checkpoints.state_data is jsonb');
select col_type_is('public', 'checkpoints', 'state_hash',  'character varying(64)',    'checkpoints.state_hash is varchar(64)');
select col_type_is('public', 'checkpoints', 'reason',      'character varying(255)',   'checkpoints.reason is varchar(255)');
select col_type_is('public', 'checkpoints', 'created_by',  'character varying(255)',   'checkpoints.created_by is varchar(255)');
select col_type_is('public', 'checkpoints', 'created_at',  'timestamp with time zone', 'checkpoints.created_at is timestamptz');
select col_type_is('public', 'checkpoints', 'request_id',  'uuid',                     'checkpoints.request_id is uuid');
select col_type_is('public', 'checkpoints', 'trace_id',    'character varying(255)',   'checkpoints.trace_id is varchar(255)');

select col_is_pk('public', 'checkpoints', 'id', 'checkpoints.id is the primary key');
select col_default_is('public', 'checkpoints', 'id', 'gen_random_uuid()', 'checkpoints.id defaults to gen_random_uuid()');
select col_not_null('public', 'checkpoints', 'seq',         'checkpoints.seq is never null');
select col_is_unique('public', 'checkpoints', 'seq',        'checkpoints.seq is unique');
select is((select attidentity from pg_attribute
           where attrelid = 'public.checkpoints'::regclass and attname = 'seq'),
          'a'::"char", 'checkpoints.seq is an identity column (generated always)');
select col_not_null('public', 'checkpoints', 'entity_type', 'checkpoints.entity_type is not null');
select col_not_null('public', 'checkpoints', 'entity_id',   'checkpoints.entity_id is not null');
select col_not_null('public', 'checkpoints', 'operation',   'checkpoints.operation is not null');
select col_not_null('public', 'checkpoints', 'state_data',  'checkpoints.state_data is not null');
select col_not_null('public', 'checkpoints', 'state_hash',  'checkpoints.state_hash is not null');
select col_is_null('public', 'checkpoints', 'reason',       'checkpoints.reason is nullable');
select col_is_null('public', 'checkpoints', 'created_by',   'checkpoints.created_by is nullable');
select col_not_null('public', 'checkpoints', 'created_at',  'checkpoints.created_at is not null');
select col_default_is('public', 'checkpoints', 'created_at', 'now()', 'checkpoints.created_at defaults to now()');
select col_is_null('public', 'checkpoints', 'request_id',   'checkpoints.request_id is nullable');
select col_is_null('public', 'checkpoints', 'trace_id',     'checkpoints.trace_id is nullable');
select fk_ok('public', 'checkpoints', 'request_id', 'public', 'request_logs', 'id',
             'checkpoints.request_id references request_logs(id)');
select is((select confdeltype from pg_constraint
           where conrelid = 'public.checkpoints'::regclass and contype = 'f'
             and confrelid = 'public.request_logs'::regclass),
          'n'::"char", 'checkpoints.request_id is ON DELETE SET NULL');

-- The domain tables: id uuid pk default gen_random_uuid(), created_at and
-- updated_at timestamptz with defaults. ---------------------------------------
select has_table('public', t, format('%s exists in the public schema', t))
from unnest(array['request_logs', 'plans', 'tasks', 'artifacts', 'prompts']) t;
select col_type_is('public', t, 'id', 'uuid', format('%s.id is uuid', t))
from unnest(array['request_logs', 'plans', 'tasks', 'artifacts', 'prompts']) t;
select col_is_pk('public', t, 'id', format('%s.id is the primary key', t))
from unnest(array['request_logs', 'plans', 'tasks', 'artifacts', 'prompts']) t;
select col_default_is('public', t, 'id', 'gen_random_uuid()', format('%s.id defaults to gen_random_uuid()', t))
from unnest(array['request_logs', 'plans', 'tasks', 'artifacts', 'prompts']) t;
select col_type_is('public', t, c, 'timestamp with time zone', format('%s.%s is timestamptz', t, c))
from unnest(array['request_logs', 'plans', 'tasks', 'artifacts', 'prompts']) t,
     unnest(array['created_at', 'updated_at']) c;
select col_has_default('public', t, c, format('%s.%s has a default', t, c))
from unnest(array['request_logs', 'plans', 'tasks', 'artifacts', 'prompts']) t,
     unnest(array['created_at', 'updated_at']) c;

-- request_logs
select col_type_is('public', 'request_logs', 'method', 'text', 'request_logs.method is text');
select col_type_is('public', 'request_logs', 'path',   'text', 'request_logs.path is text');

-- plans
select col_type_is('public', 'plans', 'title',  'text', 'plans.title is text');
select col_not_null('public', 'plans', 'title',         'plans.title is not null');
select col_type_is('public', 'plans', 'status', 'text', 'plans.status is text');
select col_not_null('public', 'plans', 'status',        'plans.status is not null');
select col_default_is('public', 'plans', 'status', 'draft'::text, 'plans.status defaults to draft');

-- tasks
select col_type_is('public', 'tasks', 'plan_id',  'uuid',    'tasks.plan_id is uuid');
select col_not_null('public', 'tasks', 'plan_id',            'tasks.plan_id is not null');
select fk_ok('public', 'tasks', 'plan_id', 'public', 'plans', 'id', 'tasks.plan_id references plans(id)');
select is((select confdeltype from pg_constraint
           where conrelid = 'public.tasks'::regclass and contype = 'f'
             and confrelid = 'public.plans'::regclass),
          'c'::"char", 'tasks.plan_id is ON DELETE CASCADE');
select col_type_is('public', 'tasks', 'title',    'text',    'tasks.title is text');
select col_not_null('public', 'tasks', 'title',              'tasks.title is not null');
select col_type_is('public', 'tasks', 'position', 'integer', 'tasks.position is integer');
select col_type_is('public', 'tasks', 'status',   'text',    'tasks.status is text');
select col_not_null('public', 'tasks', 'status',             'tasks.status is not null');
select col_default_is('public', 'tasks', 'status', 'pending'::text, 'tasks.status defaults to pending');

-- artifacts
select col_type_is('public', 'artifacts', 'task_id', 'uuid', 'artifacts.task_id is uuid');
select col_not_null('public', 'artifacts', 'task_id',        'artifacts.task_id is not null');
select fk_ok('public', 'artifacts', 'task_id', 'public', 'tasks', 'id', 'artifacts.task_id references tasks(id)');
select is((select confdeltype from pg_constraint
           where conrelid = 'public.artifacts'::regclass and contype = 'f'
             and confrelid = 'public.tasks'::regclass),
          'c'::"char", 'artifacts.task_id is ON DELETE CASCADE');
select col_type_is('public', 'artifacts', 'name',    'text', 'artifacts.name is text');
select col_not_null('public', 'artifacts', 'name',           'artifacts.name is not null');
select col_type_is('public', 'artifacts', 'content', 'text', 'artifacts.content is text');

-- prompts
select col_type_is('public', 'prompts', 'name',     'text', 'prompts.name is text');
select col_not_null('public', 'prompts', 'name',            'prompts.name is not null');
select col_is_unique('public', 'prompts', 'name',           'prompts.name is unique');
select col_type_is('public', 'prompts', 'template', 'text', 'prompts.template is text');
select col_not_null('public', 'prompts', 'template',        'prompts.template is not null');

-- Columns beyond the contract's are nullable or have a default, so that an
-- application writing only the contract's columns keeps working.
select is(
  array(select format('%s.%s', c.relname, a.attname)
        from pg_attribute a join pg_class c on c.oid = a.attrelid
        where c.oid in ('public.request_logs'::regclass, 'public.plans'::regclass, 'public.tasks'::regclass,
                        'public.artifacts'::regclass, 'public.prompts'::regclass)
          and a.attnum > 0 and not a.attisdropped
          and a.attnotnull and not a.atthasdef and a.attgenerated = '' and a.attidentity = ''
          and format('%s.%s', c.relname, a.attname) <> all (array[
                'plans.title', 'tasks.plan_id', 'tasks.title', 'artifacts.task_id',
                'artifacts.name', 'prompts.name', 'prompts.template'])
        order by 1),
  '{}'::text[],
  'every domain-table column outside the contract is nullable or has a default');

select * from finish();
rollback;
