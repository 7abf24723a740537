/** The chunks of a numeric column, in order, as one array (the chunk itself when there is only one). */
export function concatenatedFloat64(chunks: readonly Float64Array[], length = chunks.reduce((sum, chunk) => sum + chunk.length, 0)): Float64Array {
  if (chunks.length === 1 && chunks[0].length === length) return chunks[0];
  const all = new Float64Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return all;
}
