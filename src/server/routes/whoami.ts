/** Who the caller is: the web UI asks once at sign-in to know what to offer. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

const whoamiSchema = z.object({
  id: z.string().describe('Token id (`open` in open mode)'),
  name: z.string().describe('Token name'),
  role: z.enum(['viewer', 'responder', 'admin', 'ingest']),
  openMode: z.boolean().describe('The server runs without tokens (`auth.open`): everyone acts as admin'),
}).meta({ id: 'Whoami' });

export function whoamiRoutes(app: FastifyInstance, options: { openAuth: boolean }): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/whoami', {
    config: { access: 'any' },
    schema: { summary: 'The token of this request: its name and role', tags: ['tokens'], response: { 200: whoamiSchema } },
  }, (request) => {
    const principal = request.principal ?? { id: 'unknown', name: 'unknown', role: 'viewer' as const };
    return { ...principal, openMode: options.openAuth };
  });
  return Promise.resolve();
}
