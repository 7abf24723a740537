import { Field, ObjectType } from '@nestjs/graphql';
import type { PagePosition } from '../../db/newest-first-page';
import { badInput } from '../../domain/errors';
import { isUuid } from '../../domain/ids';

@ObjectType({ description: 'Where a page of a list ends.' })
export class PageInfo {
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on an empty page.' }) endCursor!: string | null;
  @Field({ description: 'True when more items follow this page.' }) hasNextPage!: boolean;
}

export const MAX_PAGE_SIZE = 500;

export function checkPageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput('first', `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  return first;
}

/** Cursors are opaque to clients: base64url of the sort key. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key === '' || encodeCursor(key) !== cursor) throw badInput(field, 'is not a cursor this API returned');
  return key;
}

/** A row's position in a newest-first page as the cursor clients continue after. */
export function positionCursor(position: PagePosition): string {
  return encodeCursor(`${position.createdAt}|${position.id}`);
}

/** The position an `after` cursor names; a cursor this API did not return is refused. */
export function cursorPosition(after: string | null | undefined): PagePosition | null {
  if (!after) return null;
  const [createdAt, id] = decodeCursor(after).split('|');
  if (!id || !isUuid(id) || Number.isNaN(Date.parse(createdAt))) throw badInput('after', 'is not a cursor this API returned');
  return { createdAt, id };
}
