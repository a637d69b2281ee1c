/** Configuration of OTLP/HTTP ingest: its own listener (the OTLP port) and its decompression bound. */
import { z } from 'zod';

export const otlpConfigSchema = z.strictObject({
  /** Also listen on the OTLP port (the main port serves /v1/traces, /v1/metrics, /v1/logs either way). @default true */
  enabled: z.stringbool().or(z.boolean()).default(true),
  /** Address of the OTLP listener; unset, server.host's (settled when the whole configuration is loaded). */
  host: z.string().min(1).optional(),
  /** Port of the OTLP listener; 4318 is OTLP/HTTP's registered default. @default 4318 */
  port: z.coerce.number().int().min(0).max(65535).default(4318),
  /** Largest body once gzip is undone, in bytes; larger bodies get 413. @default 67108864 */
  maxDecompressedBytes: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(64 * 1024 * 1024),
});

export type OtlpConfig = z.infer<typeof otlpConfigSchema>;

/** Environment variables for these keys, under the `otlp` config section. */
export const otlpEnvironmentKeys: Record<string, string[]> = {
  OPSIGHT_OTLP_ENABLED: ['otlp', 'enabled'],
  OPSIGHT_OTLP_HOST: ['otlp', 'host'],
  OPSIGHT_OTLP_PORT: ['otlp', 'port'],
  OPSIGHT_OTLP_MAX_DECOMPRESSED_BYTES: ['otlp', 'maxDecompressedBytes'],
};
