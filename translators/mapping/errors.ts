// Mapping errors are data: the engines never throw past their API, they return these.
// Codes follow DS_<AREA>_<WHAT>; every code has a row in translators/mapping/README.md (checked by a test).

/** What went wrong, and where to look. Each code is documented in README.md. */
export const MAPPING_ERROR_CODES = {
  DS_MAP_CSV_COLUMN_COUNT: 'a row has more or fewer columns than the header (or the first row, positional)',
  DS_MAP_CSV_COLUMN_MISSING: 'the header lacks a column that a required field or the group key reads',
  DS_MAP_CSV_MALFORMED: 'CSV syntax error (e.g. a quote not closed); the rest of the file is not read',
  DS_MAP_GROUP_NOT_CONTIGUOUS: 'rows of one group key appear again after another group began',
  DS_MAP_GROUP_TOO_LARGE: 'a group has more rows than one event may hold (100,000); it produces no event',
  DS_MAP_REQUIRED_MISSING: 'a required value (or the group key) is absent or blank',
  DS_MAP_DATE_INVALID: 'a date, time or date-time does not match the mapping format or is not a real date',
  DS_MAP_NUMBER_INVALID: 'a quantity is not a number (or not an integer where one is required)',
  DS_MAP_DECIMAL_INVALID: 'an amount is not a decimal, or has more digits than the mapping scale',
  DS_MAP_LOOKUP_MISSING: 'a value has no entry in the cross-reference table',
  DS_MAP_LOOKUP_TABLE_MISSING:
    'the mapping names a cross-reference table the partner profile does not provide',
  DS_MAP_ENCODING: 'bytes that are not valid in the declared encoding',
  DS_MAP_XML_DOCTYPE: 'the XML has a DOCTYPE or ENTITY declaration; refused, never expanded',
  DS_MAP_XML_MALFORMED: 'the XML is not well-formed',
  DS_MAP_XML_TOO_LARGE: 'the XML document is larger than the mapping allows',
  DS_MAP_XML_ROOT_MISMATCH: 'the root element is not the first step of recordPath',
  DS_MAP_SUBJECT_MISSING: 'the output field named as subject is absent',
  DS_MAP_EVENT_INVALID: 'the built event fails its canonical schema',
  DS_MAP_MAPPING_INVALID:
    'the mapping passed to the engine does not pass mappingSchema, or is for the other format',
  DS_MAP_INPUT_ERROR: 'the input stream failed while reading',
} as const;

/** A mapping error code. */
export type MappingErrorCode = keyof typeof MAPPING_ERROR_CODES;

/** One finding; the record it belongs to produces no event. */
export interface MappingError {
  code: MappingErrorCode;
  /** A plain sentence naming the problem and the value. */
  message: string;
  /** The file name as received. */
  file: string;
  /** 1-based record number (CSV: group or row of data; XML: recordPath match); its event id uses the same number. */
  record?: number;
  /** CSV: 1-based record number in the file as csv-parse counts rows (header and skipped rows included). */
  row?: number;
  /** 1-based physical line (CSV: where the row starts; XML: from the well-formedness check). */
  line?: number;
  /** CSV: column name (header mode) or 1-based number; XML: character column of a syntax error. */
  column?: string | number;
  /** XML: element path of the value (shipments/shipment[2]/lines/line[1]/qty); events: the JSON path. */
  path?: string;
  /** Output field the value was meant for (orders.lines.quantityShipped). */
  field?: string;
  /** The offending value, as read. */
  value?: string;
}

/** Where a value was read, merged into the error built for it. */
export type Location = Omit<MappingError, 'code' | 'message' | 'file'>;

/** Build an error with only the defined location keys (stable JSON for golden files). */
export function mappingError(
  code: MappingErrorCode,
  message: string,
  file: string,
  at: Location = {},
): MappingError {
  const e: MappingError = { code, message, file };
  for (const key of ['record', 'row', 'line', 'column', 'path', 'field', 'value'] as const) {
    const v = at[key];
    if (v !== undefined) (e as unknown as Record<string, unknown>)[key] = v;
  }
  return e;
}
