import { z } from 'zod';

/**
 * Parses the environment once, at start. A missing or malformed variable stops the process with one
 * line per variable, naming it and what is expected; nothing else is printed (values may be secrets).
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
  exit: (message: string) => never = exitWith,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.map(String).join('.') || '(environment)';
    return `Invalid environment variable ${name}: ${issue.message}`;
  });
  return exit(lines.join('\n'));
}

function exitWith(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** A URL variable with an allowed set of schemes, described in the error message. */
export function urlVar(schemes: string[], example: string) {
  return z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { message: `expected a ${schemes.join(' or ')} URL such as ${example}` },
  );
}

export const portVar = (fallback: number) =>
  z.coerce
    .number({ message: 'expected a port number' })
    .int('expected a port number')
    .min(0, 'expected a port number from 0 to 65535')
    .max(65535, 'expected a port number from 0 to 65535')
    .default(fallback);

export const booleanVar = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

export const NodeEnv = z.enum(['development', 'test', 'production']).default('development');
