/**
 * From this many values on, the radix sort beats V8's comparison sort (about 2.3× at
 * 100 000 values and at 1 000 000); below it the radix sort's fixed cost of four
 * 65 536-bucket histograms does not pay.
 */
export const RADIX_SORT_MIN_VALUES = 65_536;

const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;
const SIGN_BIT = 0x80000000;

/**
 * Sorts finite or infinite doubles ascending, in place, and returns them; the order is
 * TypedArray.prototype.sort's (−0 before +0). NaN must already be left out.
 *
 * Sorting is the whole cost of the exact drift tests on large samples, so large arrays get
 * a least-significant-digit radix sort (four passes of 16 bits over the 64-bit patterns)
 * instead of a comparison sort. An IEEE-754 double's bits order as an unsigned integer
 * once the sign bit of a positive value is set and every bit of a negative one is flipped
 * (Herf, M. (2001), "Radix Tricks", http://stereopsis.com/radix.html); a pass whose digit
 * is the same for every value is skipped, as for the exponent bits of data of one
 * magnitude. O(n) time and 4n 32-bit words of scratch memory.
 */
export function sortFloat64InPlace(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_SORT_MIN_VALUES) return values.sort();
  // Little-endian, as every platform Node runs on: word 2i is the low half of values[i].
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let low = new Uint32Array(n);
  let high = new Uint32Array(n);
  const counts = new Uint32Array(4 * BUCKETS);
  for (let i = 0; i < n; i += 1) {
    let h = words[2 * i + 1];
    let l = words[2 * i];
    if (h & SIGN_BIT) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | SIGN_BIT) >>> 0;
    }
    high[i] = h;
    low[i] = l;
    counts[l & 0xffff] += 1;
    counts[BUCKETS + (l >>> 16)] += 1;
    counts[2 * BUCKETS + (h & 0xffff)] += 1;
    counts[3 * BUCKETS + (h >>> 16)] += 1;
  }
  let lowScratch = new Uint32Array(n);
  let highScratch = new Uint32Array(n);
  for (let pass = 0; pass < 4; pass += 1) {
    const base = pass * BUCKETS;
    const shift = (pass & 1) * DIGIT_BITS;
    let offset = 0;
    let oneDigit = false;
    for (let digit = 0; digit < BUCKETS; digit += 1) {
      const count = counts[base + digit];
      if (count === n) {
        oneDigit = true;
        break;
      }
      counts[base + digit] = offset;
      offset += count;
    }
    if (oneDigit) continue;
    const keys = pass < 2 ? low : high;
    for (let i = 0; i < n; i += 1) {
      const position = counts[base + ((keys[i] >>> shift) & 0xffff)]++;
      lowScratch[position] = low[i];
      highScratch[position] = high[i];
    }
    [low, lowScratch] = [lowScratch, low];
    [high, highScratch] = [highScratch, high];
  }
  for (let i = 0; i < n; i += 1) {
    const h = high[i];
    const l = low[i];
    if (h & SIGN_BIT) {
      words[2 * i + 1] = h & ~SIGN_BIT;
      words[2 * i] = l;
    } else {
      words[2 * i + 1] = ~h >>> 0;
      words[2 * i] = ~l >>> 0;
    }
  }
  return values;
}
