/**
 * fast-check settings the model-based tests share, from the environment:
 * FC_SEED and FC_PATH replay a failure (fast-check prints both), and
 * FC_SHRINK_SECONDS bounds the time spent shrinking one (default 120).
 */
export const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
export const path = process.env.FC_PATH;
const shrinkBudgetMs = Number(process.env.FC_SHRINK_SECONDS ?? 120) * 1000;

/**
 * A property's body with a shrinking budget: shrinking re-runs programs
 * against the database; past the budget, the remaining candidates are let
 * through, so the smallest failing program found so far is the one
 * reported (with its seed and path). `shrinking` is true once one failed.
 */
export function withShrinkBudget<T>(body: (x: T, shrinking: boolean) => Promise<void>): (x: T) => Promise<void> {
  let firstFailure: number | undefined;
  let warned = false;
  return async (x) => {
    if (firstFailure !== undefined && Date.now() - firstFailure > shrinkBudgetMs) {
      if (!warned) console.warn(`shrinking stopped after ${shrinkBudgetMs / 1000} s (FC_SHRINK_SECONDS)`);
      warned = true;
      return;
    }
    try {
      await body(x, firstFailure !== undefined);
    } catch (err) {
      firstFailure ??= Date.now();
      throw err;
    }
  };
}
