/** Photo descriptions as field reps type them, plus the awkward ones a client must survive. */
import type { Prng } from './prng.ts';

/** `null` means the photo has no `description` field at all. */
export type Description = string | null;

const LONG_SENTENCE =
  'Full store walk: every aisle checked against the planogram, shelf strips and price tags ' +
  'verified, end caps photographed before and after the reset, back room stock counted. ';

/**
 * The descriptions that break naive clients (HTML, spreadsheet formulas, line breaks, CSV
 * delimiters, right-to-left text, emoji, a 3,000-character essay). They go to the first photos
 * in list order so a browser test sees them all on the first screen.
 */
export const SPECIAL_DESCRIPTIONS: readonly Description[] = [
  '',
  null,
  '<img src=x onerror=alert(1)>',
  'Endcap with <b>bold</b> price cards, aisle 4',
  '=SUM(A1:A2)',
  '+1 facing missing on the top shelf',
  '-2 units below planogram minimum',
  '@cmd /c calc',
  '\tBack room pallets checked, leading tab',
  'Site inspection, Harbor Foods #7\nFire exit: clear\nCooler 3: 4°C, OK',
  'Windows line endings\r\nsecond line\r\nthird line',
  'Shelf 12, bay 3: "Back to school" price tag missing, replaced',
  'בדיקת מדף: חסרים מוצרים בשורה העליונה',
  'فحص الرف: المنتجات مفقودة في الصف العلوي',
  'Great display 👍🏽 customers love it 🎉🛒',
  `${LONG_SENTENCE.repeat(20).slice(0, 2999)}.`, // exactly 3,000 characters
  'Store #42 — מבצע 2+1 on shelf B, signage in Hebrew and English',
  '"Quoted at the start", then a comma, and more',
  '</script><script>alert("desc")</script>',
  "'; DROP TABLE photos; --",
  '  leading and trailing spaces  ',
  'Café crème display — naïve façade, 100% compliant',
];

const STORES = [
  'Store #12 Downtown',
  'Metro Mart Eastside',
  'Northgate Pharmacy',
  'Harbor Foods #7',
  'Westfield kiosk 3',
  'Maple Ave Hardware',
  'Riverside Grocers',
  'Sunnyvale Supercenter',
  'Lakeshore Market',
  'Union Station newsstand',
  'Oak Park Pet Supply',
  'Hillcrest Liquor',
];

const AREAS = [
  'Aisle 4 endcap',
  'Front window display',
  'Checkout lane 2',
  'Cooler door 5',
  'Back room',
  'Seasonal display',
  'Shelf 3, bay 2',
  'Cosmetics wall',
  'Store entrance',
  'Loading dock',
  'Produce table',
  'Gondola 11',
  'Pharmacy counter',
  'Snack rack by the registers',
];

const FINDINGS = [
  'planogram compliant',
  'price tags missing on two facings',
  'promo signage up and looks great',
  'out of stock on the 12 oz size',
  'display damaged, needs replacement',
  'shelf strip loose on the bottom row',
  'competitor display placed next to ours',
  'cleaned and restocked',
  'fire exit partially blocked by pallets',
  'POS material outdated (summer campaign)',
  'new fixture installed',
  'facings reduced from 6 to 4 without notice',
  'holiday set started early',
  'everything in order',
  'wrong product in the slot for SKU 40213',
];

const NOTES = [
  'Follow up next visit.',
  'Manager notified.',
  'Photo taken before restock.',
  'Rep: J. Martinez.',
  'Second visit this week.',
  'See previous photo for the before state.',
  'Store manager asked for more stock.',
  'Sent to the regional team.',
];

/** An ordinary description: mostly short, sometimes two lines, sometimes empty or missing. */
export function ordinaryDescription(prng: Prng): Description {
  const roll = prng.next();
  if (roll < 0.04) return null;
  if (roll < 0.08) return '';
  const store = prng.pick(STORES);
  const area = prng.pick(AREAS);
  const finding = prng.pick(FINDINGS);
  switch (prng.int(0, 4)) {
    case 0:
      return `${area} at ${store}: ${finding}.`;
    case 1:
      return `${capitalize(finding)} (${area.toLowerCase()}, ${store})`;
    case 2:
      return `Site inspection ${store}. ${area}: ${finding}. ${prng.pick(NOTES)}`;
    case 3:
      return `${store}\n${area} - ${finding}`;
    default:
      return capitalize(finding);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
