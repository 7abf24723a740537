import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UI_STATIC_DIR } from './ui-assets';

/**
 * A module of the web UI, loaded from the very file the browser gets. The pure ones
 * (layout, timeline, error wording) touch no DOM when loaded, so node's tests run them.
 */
export async function importBrowserModule<T>(file: string): Promise<T> {
  return (await import(pathToFileURL(path.join(UI_STATIC_DIR, file)).href)) as T;
}
