export type PartHealth = { name: string; status: string };

/** Reads a Spring Boot health document into a status line a person can read. */
export function describeHealth(name: string, body: unknown): PartHealth {
  const status =
    typeof body === 'object' && body !== null && 'status' in body && typeof (body as { status: unknown }).status === 'string'
      ? (body as { status: string }).status
      : 'UNKNOWN';
  return { name, status };
}
