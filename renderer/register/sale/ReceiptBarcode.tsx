import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { code128Bars } from './code128';

/** Modules of white either side, as Code 128 asks for a scanner to find the symbol. */
const QUIET = 10;
const HEIGHT = 40;

/** The receipt number as a Code 128 barcode (SVG), so scanning the receipt starts its return. */
export function ReceiptBarcode({ number }: { number: string }) {
  const { t } = useTranslation();
  const { bars, modules } = useMemo(() => code128Bars(number), [number]);
  const width = modules + 2 * QUIET;
  return (
    <svg
      className="receipt-barcode"
      data-testid="receipt-barcode"
      role="img"
      aria-label={t('register.receipt.barcode', { number })}
      viewBox={`0 0 ${width} ${HEIGHT}`}
      width={width * 2}
      height={HEIGHT * 2}
      preserveAspectRatio="none"
      shapeRendering="crispEdges"
    >
      <rect x={0} y={0} width={width} height={HEIGHT} fill="#fff" />
      {bars.map((bar) => (
        <rect key={bar.x} x={QUIET + bar.x} y={0} width={bar.width} height={HEIGHT} fill="#000" />
      ))}
    </svg>
  );
}
