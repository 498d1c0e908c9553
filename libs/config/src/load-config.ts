import { z } from 'zod';

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`${service}: invalid configuration — ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment against a service's schema. Each problem names the
 * environment variable, so a failed start says exactly what to fix. Values are
 * never echoed back (they may be secrets).
 */
export function loadConfig<S extends z.ZodObject>(
  service: string,
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const received = env[String(issue.path[0])];
    return received === undefined || received === '' ? `${name} is required (${issue.message})` : `${name}: ${issue.message}`;
  });
  throw new ConfigError(service, problems);
}
