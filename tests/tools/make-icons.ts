/**
 * Draws the extension's icons (a key over a shield) into public/icons/*.png without any image library:
 * a tiny signed-distance rasteriser and a PNG encoder over node:zlib. Run: npx tsx tests/tools/make-icons.ts
 */
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b; raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Coverage (0..1) of the icon shape at unit coordinates u,v in [0,1]. */
function shape(u: number, v: number): { bg: number; key: number } {
  // Rounded square background.
  const r = 0.22;
  const dx = Math.max(Math.abs(u - 0.5) - (0.5 - r), 0);
  const dy = Math.max(Math.abs(v - 0.5) - (0.5 - r), 0);
  const bg = Math.hypot(dx, dy) <= r ? 1 : 0;
  // Key: ring at left, shaft to the right with two teeth.
  const ring = Math.abs(Math.hypot(u - 0.34, v - 0.5) - 0.14) <= 0.055 ? 1 : 0;
  const shaft = u >= 0.46 && u <= 0.82 && Math.abs(v - 0.5) <= 0.045 ? 1 : 0;
  const tooth1 = u >= 0.66 && u <= 0.71 && v >= 0.5 && v <= 0.64 ? 1 : 0;
  const tooth2 = u >= 0.76 && u <= 0.81 && v >= 0.5 && v <= 0.6 ? 1 : 0;
  return { bg, key: Math.max(ring, shaft, tooth1, tooth2) };
}

for (const size of [16, 32, 48, 128]) {
  const samples = 4;
  const image = png(size, (x, y) => {
    let bg = 0;
    let key = 0;
    for (let sy = 0; sy < samples; sy++) {
      for (let sx = 0; sx < samples; sx++) {
        const s = shape((x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size);
        bg += s.bg;
        key += s.key * s.bg;
      }
    }
    bg /= samples * samples;
    key /= samples * samples;
    // Workbooks-like teal background, white key.
    const mix = (a: number, b: number) => Math.round(a * (1 - key / Math.max(bg, 1e-9)) + b * (key / Math.max(bg, 1e-9)));
    return [mix(0x0b, 0xff), mix(0x6e, 0xff), mix(0x79, 0xff), Math.round(bg * 255)];
  });
  writeFileSync(new URL(`../../public/icons/icon-${size}.png`, import.meta.url), image);
}
console.log('icons written to public/icons');
