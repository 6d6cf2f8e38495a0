import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Deps } from '../domain/ports.js';
import { problem, problemResponse } from './problem.js';
import type { RouteDef } from './routes.js';

type EventHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
interface RouteHandler extends EventHandler {
  withDeps: (deps: Deps) => EventHandler;
}

/**
 * One Lambda for several routes of the table that name the same `function` (the API stack stays
 * under CloudFormation's resource limit): each event goes to the handler of its route, found by
 * method and resource path exactly as API Gateway (and the local gateway) hand them over. Every
 * route keeps its own middleware stack: role, validation and errors as if it were alone.
 */
export function sharedFunction(entries: readonly (readonly [RouteDef, RouteHandler])[]) {
  const handlerOf = (event: APIGatewayProxyEvent) =>
    entries.find(([route]) => route.method === event.httpMethod && route.path === event.resource)?.[1];
  const unrouted = (event: APIGatewayProxyEvent) =>
    problemResponse(problem(404, `no route ${event.httpMethod} ${event.resource} in this function`));
  const handler: EventHandler = async (event, context) =>
    handlerOf(event)?.(event, context) ?? unrouted(event);
  return Object.assign(handler, {
    /** The same routing over other adapters (tests pass in-memory fakes). */
    withDeps:
      (deps: Deps): EventHandler =>
      async (event, context) =>
        handlerOf(event)?.withDeps(deps)(event, context) ?? unrouted(event),
  });
}
