/**
 * Step handlers from a module of the user's: PGCHECKPOINT_HANDLERS names it
 * (a path, relative to the working directory), and the worker (`npm run
 * worker`, or the one `npm start` runs) loads it at start. The module's
 * default export maps task titles to handlers:
 *
 *   export default {
 *     summarize: async ({ artifacts, signal }) => { ... },
 *   };
 *
 * A module that cannot be loaded, or exports anything else, stops the worker
 * at start (HandlersModuleError); a task whose title is not in it fails its
 * step at run time (UnknownHandler).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StepHandler } from './executor.js';
import { HandlersModuleError } from './executor-errors.js';

export const HANDLERS_ENV = 'PGCHECKPOINT_HANDLERS';

/** The handlers of the module named by `spec` (default: $PGCHECKPOINT_HANDLERS); none when it is unset. */
export async function loadHandlers(
  spec: string | undefined = process.env[HANDLERS_ENV],
  cwd: string = process.cwd(),
): Promise<Map<string, StepHandler>> {
  if (spec === undefined || spec.trim() === '') return new Map();
  const url = pathToFileURL(resolve(cwd, spec.trim())).href;
  let mod: { default?: unknown };
  try {
    mod = (await import(url)) as { default?: unknown };
  } catch (err) {
    throw new HandlersModuleError(`${HANDLERS_ENV}=${spec}: cannot load ${url}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  const exported = mod.default;
  if (typeof exported !== 'object' || exported === null || Array.isArray(exported)) {
    throw new HandlersModuleError(
      `${HANDLERS_ENV}=${spec}: the module's default export must be an object mapping task titles to handler functions`,
    );
  }
  const handlers = new Map<string, StepHandler>();
  for (const [name, handler] of Object.entries(exported)) {
    if (typeof handler !== 'function') {
      throw new HandlersModuleError(`${HANDLERS_ENV}=${spec}: handler "${name}" is not a function`);
    }
    handlers.set(name, handler as StepHandler);
  }
  return handlers;
}
