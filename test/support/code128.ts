/**
 * A Code 128 reader for tests: what a scanner reads from a row of modules ("1" black, "0" white),
 * as the standard defines it (start, data in sets A, B and C, check character, stop). Written
 * apart from the library that draws the receipt's barcode, so a wrong barcode fails the test.
 */

/** The 107 symbols' bar patterns, by value (ISO/IEC 15417 table 1), widths of bar/space runs. */
const WIDTHS = [
  '212222',
  '222122',
  '222221',
  '121223',
  '121322',
  '131222',
  '122213',
  '122312',
  '132212',
  '221213',
  '221312',
  '231212',
  '112232',
  '122132',
  '122231',
  '113222',
  '123122',
  '123221',
  '223211',
  '221132',
  '221231',
  '213212',
  '223112',
  '312131',
  '311222',
  '321122',
  '321221',
  '312212',
  '322112',
  '322211',
  '212123',
  '212321',
  '232121',
  '111323',
  '131123',
  '131321',
  '112313',
  '132113',
  '132311',
  '211313',
  '231113',
  '231311',
  '112133',
  '112331',
  '132131',
  '113123',
  '113321',
  '133121',
  '313121',
  '211331',
  '231131',
  '213113',
  '213311',
  '213131',
  '311123',
  '311321',
  '331121',
  '312113',
  '312311',
  '332111',
  '314111',
  '221411',
  '431111',
  '111224',
  '111422',
  '121124',
  '121421',
  '141122',
  '141221',
  '112214',
  '112412',
  '122114',
  '122411',
  '142112',
  '142211',
  '241211',
  '221114',
  '413111',
  '241112',
  '134111',
  '111242',
  '121142',
  '121241',
  '114212',
  '124112',
  '124211',
  '411212',
  '421112',
  '421211',
  '212141',
  '214121',
  '412121',
  '111143',
  '111341',
  '131141',
  '114113',
  '114311',
  '411113',
  '411311',
  '113141',
  '114131',
  '311141',
  '411131',
  '211412',
  '211214',
  '211232',
];
const STOP = '2331112';

const modulesOf = (widths: string) =>
  [...widths].map((w, i) => (i % 2 === 0 ? '1' : '0').repeat(Number(w))).join('');
const VALUE = new Map(WIDTHS.map((w, value) => [modulesOf(w), value]));

/** The text a row of modules holds; throws on a pattern, check character or stop that is wrong. */
export function readCode128(modules: string): string {
  const row = modules.replace(/^0+|0+$/g, '');
  if (!row.endsWith(modulesOf(STOP))) throw new Error('no stop character');
  const body = row.slice(0, -modulesOf(STOP).length);
  if (body.length % 11 !== 0) throw new Error(`${body.length} modules is no whole symbols`);
  const values: number[] = [];
  for (let i = 0; i < body.length; i += 11) {
    const value = VALUE.get(body.slice(i, i + 11));
    if (value === undefined) throw new Error(`no symbol at module ${i}`);
    values.push(value);
  }
  const check = values.pop();
  const [start, ...data] = values;
  if (start === undefined || check === undefined) throw new Error('too short');
  const sum = data.reduce((acc, value, i) => acc + value * (i + 1), start);
  if (sum % 103 !== check) throw new Error(`check character ${check}, expected ${sum % 103}`);
  let set = { 103: 'A', 104: 'B', 105: 'C' }[start];
  if (!set) throw new Error(`no start character (${start})`);
  let text = '';
  for (const value of data) {
    if (set === 'C' && value < 100) text += String(value).padStart(2, '0');
    else if (value === 99) set = 'C';
    else if (value === 100 && set !== 'B') set = 'B';
    else if (value === 101 && set !== 'A') set = 'A';
    else if (value >= 96)
      continue; // FNC characters carry no text
    else if (set === 'B') text += String.fromCharCode(value + 32);
    else text += String.fromCharCode(value < 64 ? value + 32 : value - 64);
  }
  return text;
}
