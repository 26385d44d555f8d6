/**
 * Validity bitmaps (Arrow: one bit per row, LSB first) ↔ byte masks (rondo: one byte per row).
 */

/** Packs a byte mask into an Arrow bitmap (padded to 8 bytes). */
export function bytesToBits(bytes: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(((length + 63) >> 6) << 3);
  const full = length & ~7;
  let i = 0;
  for (; i < full; i += 8) {
    out[i >> 3] = (bytes[i]! & 1) | ((bytes[i + 1]! & 1) << 1) | ((bytes[i + 2]! & 1) << 2) | ((bytes[i + 3]! & 1) << 3)
      | ((bytes[i + 4]! & 1) << 4) | ((bytes[i + 5]! & 1) << 5) | ((bytes[i + 6]! & 1) << 6) | ((bytes[i + 7]! & 1) << 7);
  }
  for (; i < length; i++) if (bytes[i]) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

/** Unpacks `length` bits of an Arrow bitmap starting at bit `offset` into a byte mask (0/1). */
export function bitsToBytes(bits: Uint8Array, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  if ((offset & 7) === 0) {
    const base = offset >> 3;
    const full = length & ~7;
    let i = 0;
    for (; i < full; i += 8) {
      const b = bits[base + (i >> 3)]!;
      out[i] = b & 1;
      out[i + 1] = (b >> 1) & 1;
      out[i + 2] = (b >> 2) & 1;
      out[i + 3] = (b >> 3) & 1;
      out[i + 4] = (b >> 4) & 1;
      out[i + 5] = (b >> 5) & 1;
      out[i + 6] = (b >> 6) & 1;
      out[i + 7] = (b >> 7) & 1;
    }
    for (; i < length; i++) out[i] = (bits[base + (i >> 3)]! >> (i & 7)) & 1;
    return out;
  }
  for (let i = 0; i < length; i++) {
    const k = offset + i;
    out[i] = (bits[k >> 3]! >> (k & 7)) & 1;
  }
  return out;
}
