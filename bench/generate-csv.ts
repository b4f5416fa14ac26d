// Generates a large 3PL shipment-confirmation CSV (the northwind-shipments layout) for benchmarks.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const SHIPMENT_HEADER =
  'Shipment ID,Ship Date,Ship Time,Carrier SCAC,Service Level,PRO Number,BOL Number,Gross Weight,Weight UOM,' +
  'Ship To Code,Ship To Name,Ship To Address,Ship To City,Ship To State,Ship To Zip,PO Number,Carton SSCC,' +
  'Carton Tracking,Line No,SKU,UPC,Description,Qty Shipped,UOM';

/** Write about `bytes` bytes: shipments of 2 cartons × 3 lines, quoted fields included. */
export async function generateShipmentCsv(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let text = SHIPMENT_HEADER + '\r\n';
  for (let n = 1; written < bytes; n++) {
    const id = `NW-SH-${String(n).padStart(10, '0')}`;
    for (let carton = 1; carton <= 2; carton++) {
      const sscc = `00061414${String(n * 10 + carton).padStart(10, '0')}`;
      for (let line = 1; line <= 3; line++) {
        const l = (carton - 1) * 3 + line;
        text +=
          `${id},11/24/2026,14:32,UPSN,Ground,,NW-BOL-${n},38.6,LB,0412,"Harbor Home Goods #412",` +
          `"1800 Commerce Pkwy, Dock 3",Columbus,OH,43215,45001${String(n).padStart(5, '0')},${sscc},` +
          `1Z9X48W2${String(n).padStart(10, '0')},${l},HH-KTL-${String(l).padStart(4, '0')},012345678905,` +
          `"Kettle, stainless 1.7L",${l * 2},EACH\r\n`;
      }
    }
    if (text.length > 1 << 20) {
      written += Buffer.byteLength(text);
      if (!out.write(text)) await once(out, 'drain');
      text = '';
    }
  }
  out.end(text);
  await once(out, 'finish');
  return written;
}
