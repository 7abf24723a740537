import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { AppModule, type ApiDependencies } from '../../api/app.module';

type ModuleEntry = Type | DynamicModule;

/**
 * Every HTTP route the API's controllers declare, as `METHOD /path` with Nest's
 * `:param` placeholders, read from the same module tree the API is built from.
 */
export function controllerRoutes(deps: ApiDependencies): string[] {
  const routes = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (entry: ModuleEntry) => {
    if (seen.has(entry)) return;
    seen.add(entry);
    const moduleClass = 'module' in entry ? entry.module : entry;
    const dynamic: Partial<DynamicModule> = 'module' in entry ? entry : {};
    const imports: ModuleEntry[] = [...(Reflect.getMetadata(MODULE_METADATA.IMPORTS, moduleClass) ?? []), ...(dynamic.imports ?? [])];
    const controllers: Type[] = [...(Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, moduleClass) ?? []), ...(dynamic.controllers ?? [])];
    for (const controller of controllers) {
      for (const route of routesOf(controller)) routes.add(route);
    }
    imports.forEach(visit);
  };
  visit(AppModule.forRoot(deps));
  return [...routes].sort();
}

function routesOf(controller: Type): string[] {
  const prefixes = pathsOf(Reflect.getMetadata(PATH_METADATA, controller));
  const prototype = controller.prototype as Record<string, object>;
  return Object.getOwnPropertyNames(prototype).flatMap((key) => {
    const handler = prototype[key];
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    if (method === undefined) return [];
    return prefixes.flatMap((prefix) =>
      pathsOf(Reflect.getMetadata(PATH_METADATA, handler)).map((suffix) => `${RequestMethod[method]} ${joinPath(prefix, suffix)}`),
    );
  });
}

function pathsOf(metadata: string | string[] | undefined): string[] {
  return Array.isArray(metadata) ? metadata : [metadata ?? ''];
}

function joinPath(prefix: string, suffix: string): string {
  const joined = [prefix, suffix].flatMap((part) => part.split('/')).filter((part) => part !== '');
  return `/${joined.join('/')}`;
}
