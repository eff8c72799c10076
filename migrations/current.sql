-- pg-checkpoint: the whole schema, one fixture per concern (see fixtures/).
create extension if not exists pgcrypto;

--!include domain.sql
--!include checkpoints.sql
--!include registry.sql
--!include capture.sql
--!include restore.sql
--!include history.sql
--!include integrity.sql
--!include retention.sql

-- The host application's entities are tracked out of the box.
select track_table('plans', 'plan');
select track_table('tasks', 'task', 'plan', 'plan_id');
select track_table('artifacts', 'artifact', 'task', 'task_id');
select track_table('prompts', 'prompt');
