// What the configuration loader refuses, for the configuration tests.
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../packages/server/src/config.js';

/** The problems loadConfig names for this environment ([] when it loads); any other throw fails the test. */
export function configProblems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
}
