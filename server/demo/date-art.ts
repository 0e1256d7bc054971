/**
 * The picture on a demo photo: the day's date in big seven-segment digits. Digits are SVG
 * rectangles, not text, so they render identically with or without fonts installed.
 */

// Segments a..g of a seven-segment digit, as [x, y, width, height] in a 6 x 10 cell (1 = stroke).
const SEGMENTS: Record<string, readonly [number, number, number, number]> = {
  a: [1, 0, 4, 1],
  b: [5, 1, 1, 3.5],
  c: [5, 5.5, 1, 3.5],
  d: [1, 9, 4, 1],
  e: [0, 5.5, 1, 3.5],
  f: [0, 1, 1, 3.5],
  g: [1, 4.5, 4, 1],
};

const GLYPHS: Record<string, string> = {
  '0': 'abcdef',
  '1': 'bc',
  '2': 'abdeg',
  '3': 'abcdg',
  '4': 'bcfg',
  '5': 'acdfg',
  '6': 'acdefg',
  '7': 'abc',
  '8': 'abcdefg',
  '9': 'abcdfg',
  '-': 'g',
};

const CELL_WIDTH = 6;
const CELL_GAP = 2;

/** SVG rects drawing `text` (digits and dashes) with its top-left corner at (x, y). */
function sevenSegment(text: string, x: number, y: number, unit: number): string {
  const rects: string[] = [];
  let left = x;
  for (const char of text) {
    for (const name of GLYPHS[char] ?? '') {
      const segment = SEGMENTS[name];
      if (!segment) continue;
      const [sx, sy, sw, sh] = segment;
      rects.push(
        `<rect x="${left + sx * unit}" y="${y + sy * unit}" width="${sw * unit}" height="${sh * unit}" rx="${unit / 3}"/>`,
      );
    }
    left += (CELL_WIDTH + CELL_GAP) * unit;
  }
  return rects.join('');
}

function textWidthUnits(text: string): number {
  return text.length * (CELL_WIDTH + CELL_GAP) - CELL_GAP;
}

/** An overlay the size of the image: a dark band with the date (`yyyy-MM-dd`) and a caption. */
export function dateOverlaySvg(
  day: string,
  width: number,
  height: number,
  caption: string,
): string {
  const unit = Math.floor((width * 0.86) / textWidthUnits(day));
  const digitsWidth = textWidthUnits(day) * unit;
  const digitsHeight = 10 * unit;
  const x = Math.round((width - digitsWidth) / 2);
  const y = Math.round(height / 2 - digitsHeight / 2);
  const pad = 2 * unit;
  const captionSize = Math.max(10, Math.round(unit * 2.2));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect x="${x - pad}" y="${y - pad}" width="${digitsWidth + 2 * pad}" height="${digitsHeight + 2 * pad + captionSize * 1.6}" fill="#000" fill-opacity="0.55" rx="${unit}"/>` +
    `<g fill="#fff">${sevenSegment(day, x, y, unit)}</g>` +
    // Decorative only: without fonts this line is simply not drawn.
    `<text x="${width / 2}" y="${y + digitsHeight + pad + captionSize}" fill="#fff" font-family="DejaVu Sans, sans-serif" font-size="${captionSize}" text-anchor="middle">${caption}</text>` +
    `</svg>`
  );
}
