/**
 * The demo application's entities (plans, tasks, artifacts, prompts): zod
 * schemas and their types. Not part of the checkpoint library.
 */
import { z } from 'zod';
import { Uuid } from '../lib/interfaces.ts';
import { IsoTimeMicros } from '../lib/iso-time.ts';

const Title = z.string().min(1);

export const PlanStatus = z.enum(['draft', 'running', 'succeeded', 'failed', 'cancelled']);
export type PlanStatus = z.infer<typeof PlanStatus>;

export const Plan = z.object({
  id: Uuid,
  title: z.string(),
  status: PlanStatus,
  createdAt: IsoTimeMicros,
  updatedAt: IsoTimeMicros,
});
export type Plan = z.infer<typeof Plan>;

export const PlanCreate = z.object({ title: Title, status: PlanStatus.optional() });
export type PlanCreate = z.input<typeof PlanCreate>;
export const PlanUpdate = PlanCreate.partial();
export type PlanUpdate = z.input<typeof PlanUpdate>;

export const TaskStatus = z.enum(['pending', 'running', 'done', 'failed', 'skipped']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const Task = z.object({
  id: Uuid,
  planId: Uuid,
  title: z.string(),
  position: z.number().int().nullable(),
  status: TaskStatus,
  /** Why the task last failed (set by the executor). */
  error: z.string().nullable(),
  /** How long the executor lets this task's step run (ms); null: the run's default. */
  timeoutMs: z.number().int().nullable(),
  createdAt: IsoTimeMicros,
  updatedAt: IsoTimeMicros,
});
export type Task = z.infer<typeof Task>;

const Position = z.number().int().min(-2147483648).max(2147483647);

export const TaskCreate = z.object({
  planId: Uuid,
  title: Title,
  position: Position.nullable().optional(),
  status: TaskStatus.optional(),
  error: z.string().nullable().optional(),
  timeoutMs: z.number().int().min(1).max(2147483647).nullable().optional(),
});
export type TaskCreate = z.input<typeof TaskCreate>;
export const TaskUpdate = TaskCreate.partial();
export type TaskUpdate = z.input<typeof TaskUpdate>;

export const Artifact = z.object({
  id: Uuid,
  taskId: Uuid,
  name: z.string(),
  content: z.string().nullable(),
  createdAt: IsoTimeMicros,
  updatedAt: IsoTimeMicros,
});
export type Artifact = z.infer<typeof Artifact>;

export const ArtifactCreate = z.object({
  taskId: Uuid,
  name: Title,
  content: z.string().nullable().optional(),
});
export type ArtifactCreate = z.input<typeof ArtifactCreate>;
export const ArtifactUpdate = ArtifactCreate.partial();
export type ArtifactUpdate = z.input<typeof ArtifactUpdate>;

export const Prompt = z.object({
  id: Uuid,
  name: z.string(),
  template: z.string(),
  createdAt: IsoTimeMicros,
  updatedAt: IsoTimeMicros,
});
export type Prompt = z.infer<typeof Prompt>;

export const PromptCreate = z.object({ name: Title, template: z.string() });
export type PromptCreate = z.input<typeof PromptCreate>;
export const PromptUpdate = PromptCreate.partial();
export type PromptUpdate = z.input<typeof PromptUpdate>;
