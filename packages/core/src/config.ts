import { z } from 'zod'

/** Thrown at start when an environment variable is missing or malformed; the message names the variable. */
export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; problem: string }[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.problem}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

export type EnvShape = Record<string, z.ZodType>

/**
 * Parses environment variables with a zod object whose keys are the variable names.
 * Empty strings count as unset so that `FOO= parley start` falls back to the default.
 */
export function loadConfig<S extends EnvShape>(
  shape: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<S>> {
  const input: Record<string, string | undefined> = {}
  for (const key of Object.keys(shape)) input[key] = env[key] === '' ? undefined : env[key]
  const parsed = z.object(shape).safeParse(input)
  if (parsed.success) return parsed.data
  throw new ConfigError(
    parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), problem: issue.message })),
  )
}

/** Reusable field parsers for environment variables. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  int: (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback),
  number: (fallback: number) => z.coerce.number().default(fallback),
  bool: (fallback: boolean) =>
    z
      .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], { message: 'expected true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((v) => ['1', 'true', 'yes', 'on'].includes(v)),
  string: (fallback: string) => z.string().default(fallback),
  url: () => z.url({ message: 'expected a URL' }),
  list: (fallback: string[]) =>
    z
      .string()
      .default(fallback.join(','))
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  logFormat: () => z.enum(['auto', 'json', 'pretty']).default('auto'),
}

/** Settings every Parley process shares. */
export const commonEnv = {
  PARLEY_DATA_DIR: env.string('./.parley'),
  LOG_LEVEL: env.logLevel(),
  LOG_FORMAT: env.logFormat(),
  HOST: env.string('127.0.0.1'),
  SHUTDOWN_TIMEOUT_MS: env.int(10_000),
}
