import { RequestMethod, type INestApplicationContext } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import { routeDoor, type RouteDoor } from './route-doors';

export interface InventoriedRoute {
  method: string;
  /** Full path as Express matches it, e.g. `internal/v1/workspaces/:workspaceId/mailboxes/:id`. */
  path: string;
  /** `Controller.handler`, to find it in the code. */
  handler: string;
  door: RouteDoor;
}

/**
 * Every HTTP route Nest discovered in an app, with the listener that serves
 * it. Works on an app created with `preview: true` (nothing instantiated, no
 * Kafka or store needed), so a test can list every service's routes.
 */
export function routeInventory(app: INestApplicationContext): InventoriedRoute[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const routes: InventoriedRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype;
    if (!controller || typeof controller !== 'function') continue;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const door = routeDoor(controller, handler);
      for (const path of door.paths) routes.push({ method, path, handler: `${controller.name}.${name}`, door });
    }
  }
  return routes;
}
