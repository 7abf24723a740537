import { TextDecoder } from 'node:util';
import { TableFormatError } from './table';

/**
 * Text of a file held in memory. Invalid UTF-8 is refused rather than read with replacement
 * characters; a leading byte-order mark is dropped (TextDecoder does that by default).
 */
export function utf8Text(bytes: Uint8Array): string {
  return decodeStrictly(new TextDecoder('utf-8', { fatal: true }), bytes, false);
}

/** The same, for a file streamed in chunks: a character split across chunks is kept whole. */
export async function* utf8Chunks(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of chunks) yield decodeStrictly(decoder, chunk, true);
  yield decodeStrictly(decoder, undefined, false);
}

function decodeStrictly(decoder: TextDecoder, bytes: Uint8Array | undefined, stream: boolean): string {
  try {
    return decoder.decode(bytes, { stream });
  } catch {
    throw new TableFormatError('file is not valid UTF-8 text');
  }
}
