import { CsvParser, type CsvRecord } from '../../functions/core/csv';

/** Every record of a whole text: what the tests read exports and import files with. */
export function parseCsv(text: string): CsvRecord[] {
  const parser = new CsvParser();
  return [...parser.push(text), ...parser.end()];
}
