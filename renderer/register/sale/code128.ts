import JsBarcode from 'jsbarcode';

/** One bar of a barcode: where it starts and how wide it is, in modules. */
export interface Bar {
  readonly x: number;
  readonly width: number;
}

/** The Code 128 symbol of `text` (start, data, check and stop characters) as its bars. */
export function code128Bars(text: string): { bars: Bar[]; modules: number } {
  // JsBarcode fills a plain object with the encoding: no DOM, no inline styles to allow.
  const target: { encodings?: { data: string }[] } = {};
  JsBarcode(target, text, { format: 'CODE128', displayValue: false });
  const modules = (target.encodings ?? []).map((encoding) => encoding.data).join('');
  const bars: Bar[] = [];
  for (const run of modules.matchAll(/1+/g)) bars.push({ x: run.index, width: run[0].length });
  return { bars, modules: modules.length };
}
