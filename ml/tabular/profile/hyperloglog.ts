const PRECISION = 14;
const REGISTER_COUNT = 1 << PRECISION;
const MAX_RANK = 32 - PRECISION + 1;
const TWO_POW_32 = 2 ** 32;

/**
 * Distinct-count estimate in fixed memory: HyperLogLog (Flajolet, Fusy, Gandouet & Meunier
 * 2007, "HyperLogLog: the analysis of a near-optimal cardinality estimation algorithm"),
 * with linear counting for small counts and the paper's correction near 2^32. 2^14 one-byte
 * registers give a relative standard error of 1.04 / √2^14 ≈ 0.8%.
 */
export class HyperLogLog {
  private readonly registers = new Uint8Array(REGISTER_COUNT);

  /** `hash` must be a well-mixed 32-bit hash of the value (see hashValue). */
  add(hash: number): void {
    const register = hash >>> (32 - PRECISION);
    const rank = Math.min(Math.clz32(hash << PRECISION) + 1, MAX_RANK);
    if (rank > this.registers[register]) this.registers[register] = rank;
  }

  estimate(): number {
    let sum = 0;
    let zeros = 0;
    for (const rank of this.registers) {
      sum += 2 ** -rank;
      if (rank === 0) zeros += 1;
    }
    const alpha = 0.7213 / (1 + 1.079 / REGISTER_COUNT);
    const raw = (alpha * REGISTER_COUNT * REGISTER_COUNT) / sum;
    if (raw <= 2.5 * REGISTER_COUNT && zeros > 0) return REGISTER_COUNT * Math.log(REGISTER_COUNT / zeros);
    if (raw > TWO_POW_32 / 30) return -TWO_POW_32 * Math.log(1 - raw / TWO_POW_32);
    return raw;
  }
}

const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);

/**
 * A 32-bit hash of a cell value: FNV-1a over a string's UTF-16 code units, or over a
 * number's two 32-bit halves, finished with MurmurHash3's fmix32 so that every output bit
 * depends on every input bit (HyperLogLog reads the top bits).
 */
export function hashValue(value: string | number | boolean): number {
  let hash = 0x811c9dc5;
  if (typeof value === 'string') {
    for (let i = 0; i < value.length; i += 1) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  } else {
    // -0 and 0 are one value.
    float[0] = typeof value === 'number' ? value + 0 : Number(value);
    hash = Math.imul(hash ^ words[0], 0x01000193);
    hash = Math.imul(hash ^ words[1], 0x01000193);
  }
  return fmix32(hash);
}

function fmix32(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
