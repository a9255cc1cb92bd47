/** A function's environment variables (process.env on Lambda; the local runtime's own values). */
export type Environment = Record<string, string | undefined>;

export function requiredEnv(env: Environment, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}
