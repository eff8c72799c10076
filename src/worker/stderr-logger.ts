/**
 * graphile-worker's log lines on stderr, for `--json` (whose stdout carries
 * only the JSON document). The same lines as its console logger, which
 * writes INFO to stdout; DEBUG only with GRAPHILE_LOGGER_DEBUG set.
 */
import { Logger, type LogFunctionFactory } from 'graphile-worker';

const toStderr: LogFunctionFactory = (scope) => (level, message) => {
  if (level === 'debug' && !process.env.GRAPHILE_LOGGER_DEBUG) return;
  const worker = scope.workerId === undefined ? '' : `(${scope.workerId}${scope.taskIdentifier ? `: ${scope.taskIdentifier}` : ''})`;
  process.stderr.write(`[${scope.label ?? 'core'}${worker}] ${level.toUpperCase()}: ${message}\n`);
};

export const stderrLogger = new Logger(toStderr);
