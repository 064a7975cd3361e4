import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../api/error-handler.js';
import { type ConsoleActionDeps, consoleActions } from './console-actions.js';
import { type ConsoleGateOptions, consoleGate } from './console-gate.js';
import { consoleRoutes } from './console-routes.js';
import { templatesDir } from './templates-dir.js';

export interface ConsoleOptions extends ConsoleActionDeps, ConsoleGateOptions {}

// A page and its few assets; the policy forbids inline scripts (the copy script is a file).
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
  },
};

/**
 * The accounts console under /console: server-rendered eta pages (escaped by default),
 * behind the role gate, with helmet's headers, and CSRF-checked form POSTs for operators.
 * Everything is registered inside this scope: Bull Board and the JSON API are untouched.
 */
export async function accountsConsole(app: FastifyInstance, opts: ConsoleOptions): Promise<void> {
  app.addHook('onRequest', await consoleGate(app, opts));
  app.setNotFoundHandler(notFound);
  if (!(opts.operator || opts.viewer || opts.hostIsLoopback)) return;

  await app.register(fastifyHelmet, { contentSecurityPolicy: CONTENT_SECURITY_POLICY, hsts: false });
  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'console_csrf',
    cookieOpts: { path: '/console', sameSite: 'strict', httpOnly: true },
  });
  await app.register(fastifyFormbody);
  await app.register(fastifyView, {
    engine: { eta: new Eta({ views: templatesDir(), cache: true }) },
    root: templatesDir(),
    viewExt: 'eta',
  });
  // Not `opts` itself: it carries this plugin's prefix, which the children would add again.
  const { prefix: _prefix, ...deps } = opts as ConsoleOptions & { prefix?: string };
  await app.register(consoleRoutes, deps);
  await app.register(consoleActions, deps);
}
