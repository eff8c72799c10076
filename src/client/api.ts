/**
 * The HTTP API's types, generated from its OpenAPI document by openapi-typescript:
 * `npm run openapi -- --types`. Do not edit. Use with openapi-fetch:
 * `createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${key}` } })`.
 */

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness and database reachability */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List plans */
        get: operations["getPlans"];
        put?: never;
        /** Create a plan */
        post: operations["postPlans"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plans/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a plan */
        get: operations["getPlansById"];
        put?: never;
        post?: never;
        /** Delete a plan (and its tasks and artifacts) */
        delete: operations["deletePlansById"];
        options?: never;
        head?: never;
        /** Change a plan (title, status) */
        patch: operations["patchPlansById"];
        trace?: never;
    };
    "/plans/{planId}/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a plan’s tasks in execution order (by position, unpositioned last) */
        get: operations["getPlansByPlanIdTasks"];
        put?: never;
        /**
         * Add a task to a plan
         * @description 409 (23503) when the plan does not exist.
         */
        post: operations["postPlansByPlanIdTasks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a task */
        get: operations["getTasksById"];
        put?: never;
        post?: never;
        /** Delete a task (and its artifacts) */
        delete: operations["deleteTasksById"];
        options?: never;
        head?: never;
        /** Change a task (planId moves it to another plan) */
        patch: operations["patchTasksById"];
        trace?: never;
    };
    "/tasks/{taskId}/artifacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a task’s artifacts */
        get: operations["getTasksByTaskIdArtifacts"];
        put?: never;
        /**
         * Add an artifact to a task
         * @description 409 (23503) when the task does not exist.
         */
        post: operations["postTasksByTaskIdArtifacts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/artifacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an artifact */
        get: operations["getArtifactsById"];
        put?: never;
        post?: never;
        /** Delete an artifact */
        delete: operations["deleteArtifactsById"];
        options?: never;
        head?: never;
        /** Change an artifact (taskId moves it to another task) */
        patch: operations["patchArtifactsById"];
        trace?: never;
    };
    "/prompts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List prompts (by name) */
        get: operations["getPrompts"];
        put?: never;
        /**
         * Create a prompt
         * @description 409 (23505) when the name is taken.
         */
        post: operations["postPrompts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/prompts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a prompt */
        get: operations["getPromptsById"];
        put?: never;
        post?: never;
        /** Delete a prompt */
        delete: operations["deletePromptsById"];
        options?: never;
        head?: never;
        /**
         * Update a prompt’s template, checkpointing the current version first
         * @description Saves the current version as a manual checkpoint (returned as checkpointId), then sets the template; one transaction.
         */
        patch: operations["patchPromptsById"];
        trace?: never;
    };
    "/prompts/{id}/revert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revert a prompt to a checkpoint of it
         * @description Returns the prompt to the version saved in a checkpoint of it (rollback_entity to that checkpoint). 422 for a checkpoint of another entity.
         */
        post: operations["postPromptsByIdRevert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/prompts/by-name/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a prompt by name */
        get: operations["getPromptsByNameByName"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a prompt’s template by name, checkpointing the current version first
         * @description Saves the current version as a manual checkpoint (returned as checkpointId), then sets the template; one transaction.
         */
        patch: operations["patchPromptsByNameByName"];
        trace?: never;
    };
    "/prompts/by-name/{name}/revert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revert a prompt (by name) to a checkpoint of it
         * @description Returns the prompt to the version saved in a checkpoint of it (rollback_entity to that checkpoint). 422 for a checkpoint of another entity.
         */
        post: operations["postPromptsByNameByNameRevert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plans/{id}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Queue a run of the plan’s pending tasks (answers at once; a worker runs it)
         * @description A worker runs the tasks in order, one step per task, each with the handler registered under its title (PGCHECKPOINT_HANDLERS). A step commits as it goes, tagged with a request id of its own (its unit); a step that throws or outlasts its timeout (the task’s timeoutMs, else stepTimeoutMs) is undone per onFailure — rollback: the plan back to the checkpoint taken before the step; revert: only the step’s own writes — then per policy: stop, retry (up to `retries` more times), skip. Running a failed plan again resumes it. Follow the run at the Location (GET /runs/{id}). The executor’s own writes carry this request’s id, actor and trace.
         */
        post: operations["postPlansByIdRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A run: its status and every attempt of every step */
        get: operations["getRunsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Save an entity’s current state as a manual checkpoint (create_checkpoint)
         * @description A rollback without a target goes back to the latest manual checkpoint. 404 for an unknown entity.
         */
        post: operations["postCheckpoints"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checkpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a checkpoint */
        get: operations["getCheckpointsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checkpoints/{id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore one entity’s row to a checkpoint (restore_checkpoint)
         * @description Updates the row, or inserts it again if it was deleted; children are not touched (see rollback). The hash is verified first: 500 XX001 for a corrupted checkpoint, and nothing changes.
         */
        post: operations["postCheckpointsByIdRestore"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checkpoints/{from}/diff/{to}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The columns that differ between two checkpoints (checkpoint_diff) */
        get: operations["getCheckpointsByFromDiffByTo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/entities/{type}/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every checkpoint of an entity, newest first (entity_history) */
        get: operations["getEntitiesByTypeByIdHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/entities/{type}/{id}/state": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An entity’s state at a time (entity_state_at) */
        get: operations["getEntitiesByTypeByIdState"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/entities/{type}/{id}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Roll an entity (and with cascade, everything below it) back to a point (rollback_entity)
         * @description Target: toCheckpoint (a checkpoint of this entity), or toTime, or by default the latest manual checkpoint; both is 422. Atomic: one corrupted checkpoint (500 XX001) and nothing changes. ?dry_run=true returns the same steps and changes nothing.
         */
        post: operations["postEntitiesByTypeByIdRollback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/units/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The changes one request, trace or transaction made, in capture order (unit_changes)
         * @description Give exactly one of ?requestId=, ?traceId=, ?transactionId= (else 422). Each change with the columns it changed (all of them for an insert or a delete): the preview of POST /reverts. [] when none matches.
         */
        get: operations["getUnitsChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reverts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revert what one request, trace or transaction changed, keeping later changes of others (revert_changes)
         * @description Every entity the unit changed goes back to its state before the unit; where someone else changed it since, column by column: the columns the unit changed go back, the others keep their current values. A column the unit changed that was changed again since, a row deleted since, a row the unit deleted that exists again, or one it inserted that has children added since is a conflict: onConflict abort (default) answers 409 with every conflicting entity in `conflicts` and changes nothing; skip leaves them; overwrite takes them back anyway. 404 when no captured change matches. Atomic; its own writes are captured under this request’s id (x-request-id), so a revert can itself be reverted.
         */
        post: operations["postReverts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Checkpoints whose state no longer matches their hash (verify_checkpoints); [] when all are sound
         * @description All of history, one type (entityType), or one entity (entityType and entityId). Reads every selected row: for the whole history prefer the background scan (GET /verify/findings).
         */
        get: operations["getVerify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/verify/findings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Corrupted checkpoints recorded by the background verify_checkpoints job (pgcheckpoint.findings) */
        get: operations["getVerifyFindings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/prune": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Remove old checkpoints (prune_checkpoints)
         * @description With horizon now() - olderThan, every entity keeps its newest keepLast checkpoints and its newest checkpoint at or before the horizon (so any later point can still be rolled back to); the other checkpoints at or before the horizon are removed. Only the owner of the schema may prune (else 403).
         */
        post: operations["postPrune"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys, oldest first (revoked ones too); never the keys themselves */
        get: operations["getKeys"];
        put?: never;
        /** Create an API key for an actor and a role */
        post: operations["postKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key: its requests get 401 from then on */
        delete: operations["deleteKeysById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        RevertConflict: {
            entityType: string;
            /** Format: uuid */
            entityId: string;
            conflict: string;
        };
        /** @description RFC 9457 problem details (application/problem+json) */
        Problem: {
            type: string;
            title: string;
            status: number;
            detail: string;
            code: string;
            hint?: string;
            instance?: string;
            /** Format: uuid */
            requestId?: string;
            issues?: {
                path: string;
                message: string;
            }[];
            conflicts?: components["schemas"]["RevertConflict"][];
        };
        Plan: {
            /** Format: uuid */
            id: string;
            title: string;
            /** @enum {string} */
            status: "draft" | "running" | "succeeded" | "failed" | "cancelled";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Task: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            planId: string;
            title: string;
            position: number | null;
            /** @enum {string} */
            status: "pending" | "running" | "done" | "failed" | "skipped";
            error: string | null;
            timeoutMs: number | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Artifact: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            taskId: string;
            name: string;
            content: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Prompt: {
            /** Format: uuid */
            id: string;
            name: string;
            template: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        PromptUpdated: {
            prompt: components["schemas"]["Prompt"];
            /** Format: uuid */
            checkpointId: string;
        };
        Checkpoint: {
            /** Format: uuid */
            id: string;
            seq: string;
            entityType: string;
            /** Format: uuid */
            entityId: string;
            /** @enum {string} */
            operation: "insert" | "update" | "delete" | "manual" | "baseline";
            stateData: {
                [key: string]: unknown;
            };
            stateHash: string;
            reason: string | null;
            createdBy: string | null;
            /** Format: date-time */
            createdAt: string;
            requestId: string | null;
            traceId: string | null;
            spanId: string | null;
            parentId: string | null;
            prevParentId: string | null;
            transactionId: string;
        };
        RollbackStep: {
            entityType: string;
            /** Format: uuid */
            entityId: string;
            /** @enum {string} */
            action: "inserted" | "updated" | "deleted";
        };
        RollbackResult: {
            dryRun: boolean;
            steps: components["schemas"]["RollbackStep"][];
        };
        RevertStep: {
            entityType: string;
            /** Format: uuid */
            entityId: string;
            /** @enum {string} */
            action: "updated" | "inserted" | "deleted" | "skipped" | "none";
            conflict: string | null;
        };
        RevertResult: {
            dryRun: boolean;
            /** @enum {string} */
            onConflict: "abort" | "skip" | "overwrite";
            steps: components["schemas"]["RevertStep"][];
        };
        UnitChange: {
            seq: string;
            /** Format: uuid */
            checkpointId: string;
            entityType: string;
            /** Format: uuid */
            entityId: string;
            /** @enum {string} */
            operation: "insert" | "update" | "delete";
            columns: string[];
            createdBy: string | null;
            /** Format: date-time */
            createdAt: string;
            reason: string | null;
        };
        VerifyFinding: {
            /** Format: uuid */
            checkpointId: string;
            expectedHash: string;
            actualHash: string;
        };
        /** @description A corrupted checkpoint recorded by the background verify_checkpoints job */
        Finding: {
            /** Format: uuid */
            checkpointId: string;
            seq: string;
            entityType: string;
            /** Format: uuid */
            entityId: string;
            expectedHash: string;
            actualHash: string;
            /** Format: date-time */
            foundAt: string;
        };
        /** @description A run of a plan and every attempt of its steps */
        Run: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            planId: string;
            /** @enum {string} */
            status: "queued" | "running" | "succeeded" | "failed";
            options: {
                /**
                 * @default stop
                 * @enum {string}
                 */
                policy: "stop" | "retry" | "skip";
                /** @default 1 */
                retries: number;
                /**
                 * @default rollback
                 * @enum {string}
                 */
                onFailure: "rollback" | "revert";
                /** @default 600000 */
                stepTimeoutMs: number;
            };
            error: string | null;
            /** Format: date-time */
            createdAt: string;
            startedAt: string | null;
            finishedAt: string | null;
            steps: {
                /** Format: uuid */
                taskId: string;
                title: string;
                position: number | null;
                attempt: number;
                /** @enum {string} */
                status: "running" | "done" | "failed" | "interrupted";
                /** @enum {string} */
                onFailure: "rollback" | "revert";
                /** Format: uuid */
                requestId: string;
                /** Format: uuid */
                checkpointId: string;
                timeoutMs: number;
                error: string | null;
                undo: {
                    /** @enum {string} */
                    onFailure: "rollback" | "revert";
                    steps?: (components["schemas"]["RevertStep"] | components["schemas"]["RollbackStep"])[];
                    conflicts?: components["schemas"]["RevertConflict"][];
                    error?: string;
                } | null;
                /** Format: date-time */
                startedAt: string;
                finishedAt: string | null;
            }[];
        };
        /** @description An API key (never the key itself) */
        ApiKey: {
            /** Format: uuid */
            id: string;
            prefix: string;
            actor: string;
            /** @enum {string} */
            role: "reader" | "writer" | "admin";
            /** Format: date-time */
            createdAt: string;
            revokedAt: string | null;
        };
        ApiKeyCreated: {
            /** Format: uuid */
            id: string;
            prefix: string;
            actor: string;
            /** @enum {string} */
            role: "reader" | "writer" | "admin";
            /** Format: date-time */
            createdAt: string;
            revokedAt: string | null;
            key: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The database answers */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                        database: {
                            /** @enum {boolean} */
                            reachable: true;
                            serverVersion: string;
                            migrations: number;
                        };
                    };
                };
            };
            /** @description No route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is not reachable */
            503: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "degraded";
                        database: {
                            /** @enum {boolean} */
                            reachable: false;
                            error: string;
                        };
                    };
                };
            };
        };
    };
    getPlans: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every plan, oldest first */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The next page, when there is one: <path?limit=…&cursor=…>; rel="next" */
                    link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Plan"][];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPlans: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the POST safe to retry: a request with a key used before (by this API key, with the same method, path and body) gets the first response again and changes nothing. 1 to 255 visible ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title: string;
                    /** @enum {string} */
                    status?: "draft" | "running" | "succeeded" | "failed" | "cancelled";
                };
            };
        };
        responses: {
            /** @description The new plan */
            201: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The entity’s version: send it back in If-Match */
                    etag?: string;
                    /** @description Where the new resource is */
                    location?: string;
                    /** @description "true" when this is the stored response of an earlier request with the same Idempotency-Key */
                    "idempotent-replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Plan"];
                };
            };
            /** @description Malformed JSON (22P02) */
            400: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03); or a request with the same Idempotency-Key is still running (55P03; Retry-After) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Seconds to wait before retrying */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (22023) */
            415: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues); or the Idempotency-Key was used with another request (22023) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPlansById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The plan */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The entity’s version: send it back in If-Match */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Plan"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deletePlansById: {
        parameters: {
            query?: never;
            header?: {
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match names a version that is no longer current (55000); nothing changed */
            412: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchPlansById: {
        parameters: {
            query?: never;
            header?: {
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title?: string;
                    /** @enum {string} */
                    status?: "draft" | "running" | "succeeded" | "failed" | "cancelled";
                };
            };
        };
        responses: {
            /** @description The plan as changed */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The entity’s version: send it back in If-Match */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Plan"];
                };
            };
            /** @description Malformed JSON (22P02) */
            400: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match names a version that is no longer current (55000); nothing changed */
            412: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (22023) */
            415: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPlansByPlanIdTasks: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                planId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The plan’s tasks ([] for an unknown plan) */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The next page, when there is one: <path?limit=…&cursor=…>; rel="next" */
                    link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"][];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPlansByPlanIdTasks: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the POST safe to retry: a request with a key used before (by this API key, with the same method, path and body) gets the first response again and changes nothing. 1 to 255 visible ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                planId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title: string;
                    position?: number | null;
                    /** @enum {string} */
                    status?: "pending" | "running" | "done" | "failed" | "skipped";
                    error?: string | null;
                    timeoutMs?: number | null;
                };
            };
        };
        responses: {
            /** @description The new task */
            201: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The entity’s version: send it back in If-Match */
                    etag?: string;
                    /** @description Where the new resource is */
                    location?: string;
                    /** @description "true" when this is the stored response of an earlier request with the same Idempotency-Key */
                    "idempotent-replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Malformed JSON (22P02) */
            400: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03); or a request with the same Idempotency-Key is still running (55P03; Retry-After) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Seconds to wait before retrying */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (22023) */
            415: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues); or the Idempotency-Key was used with another request (22023) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTasksById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The entity’s version: send it back in If-Match */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteTasksById: {
        parameters: {
            query?: never;
            header?: {
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match names a version that is no longer current (55000); nothing changed */
            412: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchTasksById: {
        parameters: {
            query?: never;
            header?: {
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    planId?: string;
                    title?: string;
                    position?: number | null;
                    /** @enum {string} */
                    status?: "pending" | "running" | "done" | "failed" | "skipped";
                    error?: string | null;
                    timeoutMs?: number | null;
                };
            };
        };
        responses: {
            /** @description The task as changed */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The entity’s version: send it back in If-Match */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Malformed JSON (22P02) */
            400: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match names a version that is no longer current (55000); nothing changed */
            412: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (22023) */
            415: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTasksByTaskIdArtifacts: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                taskId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task’s artifacts ([] for an unknown task) */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The next page, when there is one: <path?limit=…&cursor=…>; rel="next" */
                    link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Artifact"][];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTasksByTaskIdArtifacts: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the POST safe to retry: a request with a key used before (by this API key, with the same method, path and body) gets the first response again and changes nothing. 1 to 255 visible ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                taskId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    content?: string | null;
                };
            };
        };
        responses: {
            /** @description The new artifact */
            201: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The entity’s version: send it back in If-Match */
                    etag?: string;
                    /** @description Where the new resource is */
                    location?: string;
                    /** @description "true" when this is the stored response of an earlier request with the same Idempotency-Key */
                    "idempotent-replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Artifact"];
                };
            };
            /** @description Malformed JSON (22P02) */
            400: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03); or a request with the same Idempotency-Key is still running (55P03; Retry-After) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Seconds to wait before retrying */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (22023) */
            415: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues); or the Idempotency-Key was used with another request (22023) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getArtifactsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The artifact */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The entity’s version: send it back in If-Match */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Artifact"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteArtifactsById: {
        parameters: {
            query?: never;
            header?: {
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match names a version that is no longer current (55000); nothing changed */
            412: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchArtifactsById: {
        parameters: {
            query?: never;
            header?: {
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    taskId?: string;
                    name?: string;
                    content?: string | null;
                };
            };
        };
        responses: {
            /** @description The artifact as changed */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The entity’s version: send it back in If-Match */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Artifact"];
                };
            };
            /** @description Malformed JSON (22P02) */
            400: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match names a version that is no longer current (55000); nothing changed */
            412: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (22023) */
            415: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPrompts: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every prompt, by name */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The next page, when there is one: <path?limit=…&cursor=…>; rel="next" */
                    link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Prompt"][];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPrompts: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the POST safe to retry: a request with a key used before (by this API key, with the same method, path and body) gets the first response again and changes nothing. 1 to 255 visible ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    template: string;
                };
            };
        };
        responses: {
            /** @description The new prompt */
            201: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The entity’s version: send it back in If-Match */
                    etag?: string;
                    /** @description Where the new resource is */
                    location?: string;
                    /** @description "true" when this is the stored response of an earlier request with the same Idempotency-Key */
                    "idempotent-replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Prompt"];
                };
            };
            /** @description Malformed JSON (22P02) */
            400: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03); or a request with the same Idempotency-Key is still running (55P03; Retry-After) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Seconds to wait before retrying */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (22023) */
            415: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues); or the Idempotency-Key was used with another request (22023) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPromptsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The prompt */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The entity’s version: send it back in If-Match */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Prompt"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deletePromptsById: {
        parameters: {
            query?: never;
            header?: {
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match names a version that is no longer current (55000); nothing changed */
            412: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchPromptsById: {
        parameters: {
            query?: never;
            header?: {
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    template: string;
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description The prompt as updated, and the checkpoint of the version before */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The entity’s version: send it back in If-Match */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromptUpdated"];
                };
            };
            /** @description Malformed JSON (22P02) */
            400: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match names a version that is no longer current (55000); nothing changed */
            412: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (22023) */
            415: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPromptsByIdRevert: {
        parameters: {
            query?: never;
            header?: {
                "if-match"?: string;
                /** @description Makes the POST safe to retry: a request with a key used before (by this API key, with the same method, path and body) gets the first response again and changes nothing. 1 to 255 visible ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    checkpointId: string;
                };
            };
        };
        responses: {
            /** @description The prompt as reverted */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The entity’s version: send it back in If-Match */
                    etag?: string;
                    /** @description "true" when this is the stored response of an earlier request with the same Idempotency-Key */
                    "idempotent-replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Prompt"];
                };
            };
            /** @description Malformed JSON (22P02) */
            400: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03); or a request with the same Idempotency-Key is still running (55P03; Retry-After) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Seconds to wait before retrying */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match names a version that is no longer current (55000); nothing changed */
            412: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (22023) */
            415: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues); or the Idempotency-Key was used with another request (22023) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPromptsByNameByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The prompt */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The entity’s version: send it back in If-Match */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Prompt"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchPromptsByNameByName: {
        parameters: {
            query?: never;
            header?: {
                "if-match"?: string;
            };
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    template: string;
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description The prompt as updated, and the checkpoint of the version before */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The entity’s version: send it back in If-Match */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromptUpdated"];
                };
            };
            /** @description Malformed JSON (22P02) */
            400: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match names a version that is no longer current (55000); nothing changed */
            412: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (22023) */
            415: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPromptsByNameByNameRevert: {
        parameters: {
            query?: never;
            header?: {
                "if-match"?: string;
                /** @description Makes the POST safe to retry: a request with a key used before (by this API key, with the same method, path and body) gets the first response again and changes nothing. 1 to 255 visible ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    checkpointId: string;
                };
            };
        };
        responses: {
            /** @description The prompt as reverted */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The entity’s version: send it back in If-Match */
                    etag?: string;
                    /** @description "true" when this is the stored response of an earlier request with the same Idempotency-Key */
                    "idempotent-replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Prompt"];
                };
            };
            /** @description Malformed JSON (22P02) */
            400: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03); or a request with the same Idempotency-Key is still running (55P03; Retry-After) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Seconds to wait before retrying */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match names a version that is no longer current (55000); nothing changed */
            412: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (22023) */
            415: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues); or the Idempotency-Key was used with another request (22023) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPlansByIdRun: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the POST safe to retry: a request with a key used before (by this API key, with the same method, path and body) gets the first response again and changes nothing. 1 to 255 visible ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @default stop
                     * @enum {string}
                     */
                    policy?: "stop" | "retry" | "skip";
                    /** @default 1 */
                    retries?: number;
                    /**
                     * @default rollback
                     * @enum {string}
                     */
                    onFailure?: "rollback" | "revert";
                    /** @default 600000 */
                    stepTimeoutMs?: number;
                } | null;
            };
        };
        responses: {
            /** @description The run, queued */
            202: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Where the new resource is */
                    location?: string;
                    /** @description "true" when this is the stored response of an earlier request with the same Idempotency-Key */
                    "idempotent-replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Run"];
                };
            };
            /** @description Malformed JSON (22P02) */
            400: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The plan already has a queued or running run (23505), or is cancelled (55000); or a request with the same Idempotency-Key is still running (55P03; Retry-After) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Seconds to wait before retrying */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (22023) */
            415: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues); or the Idempotency-Key was used with another request (22023) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRunsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Run"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postCheckpoints: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the POST safe to retry: a request with a key used before (by this API key, with the same method, path and body) gets the first response again and changes nothing. 1 to 255 visible ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    entityType: string;
                    /** Format: uuid */
                    entityId: string;
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description The id of the new checkpoint */
            201: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Where the new resource is */
                    location?: string;
                    /** @description "true" when this is the stored response of an earlier request with the same Idempotency-Key */
                    "idempotent-replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                    };
                };
            };
            /** @description Malformed JSON (22P02) */
            400: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03); or a request with the same Idempotency-Key is still running (55P03; Retry-After) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Seconds to wait before retrying */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (22023) */
            415: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues); or the Idempotency-Key was used with another request (22023) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCheckpointsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The checkpoint */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Checkpoint"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postCheckpointsByIdRestore: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the POST safe to retry: a request with a key used before (by this API key, with the same method, path and body) gets the first response again and changes nothing. 1 to 255 visible ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description "true" when this is the stored response of an earlier request with the same Idempotency-Key */
                    "idempotent-replayed"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03); or a request with the same Idempotency-Key is still running (55P03; Retry-After) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Seconds to wait before retrying */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues); or the Idempotency-Key was used with another request (22023) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCheckpointsByFromDiffByTo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                from: string;
                to: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The columns that differ */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        from: string;
                        /** Format: uuid */
                        to: string;
                        diff: {
                            [key: string]: {
                                from: unknown;
                                to: unknown;
                            };
                        };
                    };
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEntitiesByTypeByIdHistory: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                type: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every checkpoint of the entity, newest first ([] without history) */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The next page, when there is one: <path?limit=…&cursor=…>; rel="next" */
                    link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Checkpoint"][];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEntitiesByTypeByIdState: {
        parameters: {
            query: {
                at: string;
            };
            header?: never;
            path: {
                type: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The state at that time */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        entityType: string;
                        /** Format: uuid */
                        entityId: string;
                        /** Format: date-time */
                        at: string;
                        state: {
                            [key: string]: unknown;
                        } | null;
                    };
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postEntitiesByTypeByIdRollback: {
        parameters: {
            query?: {
                dry_run?: "true" | "false";
            };
            header?: {
                /** @description Makes the POST safe to retry: a request with a key used before (by this API key, with the same method, path and body) gets the first response again and changes nothing. 1 to 255 visible ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                type: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    toCheckpoint?: string;
                    /** Format: date-time */
                    toTime?: string;
                    cascade?: boolean;
                } | null;
            };
        };
        responses: {
            /** @description What changed (or, with dry_run, would change) */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description "true" when this is the stored response of an earlier request with the same Idempotency-Key */
                    "idempotent-replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RollbackResult"];
                };
            };
            /** @description Malformed JSON (22P02) */
            400: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03); or a request with the same Idempotency-Key is still running (55P03; Retry-After) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Seconds to wait before retrying */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (22023) */
            415: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues); or the Idempotency-Key was used with another request (22023) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUnitsChanges: {
        parameters: {
            query?: {
                requestId?: string;
                traceId?: string;
                transactionId?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The unit’s changes, oldest first ([] when none matches) */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The next page, when there is one: <path?limit=…&cursor=…>; rel="next" */
                    link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnitChange"][];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postReverts: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the POST safe to retry: a request with a key used before (by this API key, with the same method, path and body) gets the first response again and changes nothing. 1 to 255 visible ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    requestId?: string;
                    traceId?: string;
                    transactionId?: string;
                    /** @enum {string} */
                    onConflict?: "abort" | "skip" | "overwrite";
                    dryRun?: boolean;
                };
            };
        };
        responses: {
            /** @description What the revert did (or, with dryRun, would do) per entity */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description "true" when this is the stored response of an earlier request with the same Idempotency-Key */
                    "idempotent-replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevertResult"];
                };
            };
            /** @description Malformed JSON (22P02) */
            400: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts under onConflict abort (55000, type urn:pg-checkpoint:problem:revert-conflict, every conflicting entity in conflicts; nothing changed), or a key violation while writing (23503, 23505); or a request with the same Idempotency-Key is still running (55P03; Retry-After) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Seconds to wait before retrying */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (22023) */
            415: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues); or the Idempotency-Key was used with another request (22023) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getVerify: {
        parameters: {
            query?: {
                entityType?: string;
                entityId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The corrupted checkpoints ([] when all are sound) */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyFinding"][];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getVerifyFindings: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The findings, in capture order */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The next page, when there is one: <path?limit=…&cursor=…>; rel="next" */
                    link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Finding"][];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPrune: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the POST safe to retry: a request with a key used before (by this API key, with the same method, path and body) gets the first response again and changes nothing. 1 to 255 visible ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    olderThan: string;
                    /** @default 1 */
                    keepLast?: number;
                };
            };
        };
        responses: {
            /** @description How many checkpoints were removed */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description "true" when this is the stored response of an earlier request with the same Idempotency-Key */
                    "idempotent-replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        removed: number;
                    };
                };
            };
            /** @description Malformed JSON (22P02) */
            400: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Insufficient privilege: the API key’s role, or the database’s (42501); or the API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: duplicate, missing parent (23503), concurrent change (40001, 40P01, 55P03); or a request with the same Idempotency-Key is still running (55P03; Retry-After) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Seconds to wait before retrying */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (22023) */
            415: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues); or the Idempotency-Key was used with another request (22023) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getKeys: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The keys */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The next page, when there is one: <path?limit=…&cursor=…>; rel="next" */
                    link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"][];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postKeys: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the POST safe to retry: a request with a key used before (by this API key, with the same method, path and body) gets the first response again and changes nothing. 1 to 255 visible ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    actor: string;
                    /** @enum {string} */
                    role: "reader" | "writer" | "admin";
                };
            };
        };
        responses: {
            /** @description The new key, with the key itself (this once) */
            201: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Where the new resource is */
                    location?: string;
                    /** @description "true" when this is the stored response of an earlier request with the same Idempotency-Key */
                    "idempotent-replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyCreated"];
                };
            };
            /** @description Malformed JSON (22P02) */
            400: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A request with the same Idempotency-Key is still running (55P03; Retry-After) */
            409: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Seconds to wait before retrying */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (22023) */
            415: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues); or the Idempotency-Key was used with another request (22023) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteKeysById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key, revoked */
            200: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            /** @description No API key, or an unknown or revoked one (28000; WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description Bearer realm="pg-checkpoint" */
                    "www-authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key’s role does not allow this operation (42501) */
            403: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (P0002); or no route has this path (42704) */
            404: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description This path has other methods only (0A000; the Allow header lists them) */
            405: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    /** @description The methods this path has */
                    allow?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid argument (22023, 22P02; request validation, with issues) */
            422: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Checkpoint corrupted (XX001), or an internal error (XX000) */
            500: {
                headers: {
                    /** @description The id of this request (its request_logs row, for a write) */
                    "x-request-id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
