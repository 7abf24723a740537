import type { OperatorService } from '@temporalio/client';
// The proto enum's codec; @temporalio/common's index does not re-export it.
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import type { Logger } from './logger';

/**
 * Registers Provenant's search attributes in the namespace unless they are there
 * already. Every process that starts or runs workflows calls it on start-up: a server
 * rejects a start or an upsert naming an attribute it does not know. Several processes
 * may race to add the same attribute; whoever loses finds it registered afterwards.
 */
export async function ensureSearchAttributes(connection: { operatorService: OperatorService }, namespace: string, logger: Logger): Promise<void> {
  const wanted = Object.fromEntries(Object.values(SEARCH_ATTRIBUTES).map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!]));
  const missing = await missingAttributes(connection, namespace, wanted);
  if (Object.keys(missing).length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
    logger.info({ namespace, searchAttributes: Object.keys(missing) }, 'registered search attributes');
  } catch (error) {
    const stillMissing = Object.keys(await missingAttributes(connection, namespace, wanted));
    if (stillMissing.length > 0) {
      throw new Error(
        `could not register the search attributes ${stillMissing.join(', ')} in namespace ${namespace} (${(error as Error).message}); ` +
          `add them as Keyword attributes with \`temporal operator search-attribute create --namespace ${namespace} --name <name> --type Keyword\``,
      );
    }
  }
}

async function missingAttributes(
  connection: { operatorService: OperatorService },
  namespace: string,
  wanted: Record<string, number>,
): Promise<Record<string, number>> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing: Record<string, number> = {};
  for (const [name, type] of Object.entries(wanted)) {
    const registered = customAttributes?.[name];
    if (registered === undefined || registered === null) missing[name] = type;
    else if (registered !== type) {
      throw new Error(`search attribute ${name} is registered in namespace ${namespace} with another type (${registered}); Provenant needs it as a Keyword`);
    }
  }
  return missing;
}
