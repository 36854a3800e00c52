// fastify, the framework that shows a routing layer can be nearly free.
import Fastify from 'fastify'
import type { Server } from 'node:http'
import { PLAINTEXT, jsonPayload, start } from './common.ts'

await start(async () => {
  const app = Fastify({ logger: false })
  app.get('/plaintext', (_req, reply) => {
    reply.type('text/plain; charset=utf-8').send(PLAINTEXT)
  })
  app.get('/json', () => jsonPayload())
  await app.ready()
  return app.server as Server
})
