// RFC 4180 CSV, both directions, pure and streaming-friendly: the LAPOR! import reads with
// CsvParser, exports write with csvRow, so what one writes the other reads back unchanged.
//
// Reading: fields separated by commas; a field may be quoted with '"', inside which commas, line
// breaks and doubled quotes ("") are literal. Records end at CRLF, LF or a lone CR (a CRLF split
// across two chunks counts once). A UTF-8 byte order mark at the very start is dropped. An empty
// line is no record, so a trailing line break adds nothing. Malformed input (a quote inside an
// unquoted field, text after a closing quote, a quote left open at the end) does not stop the
// parser: the record is kept with an `error`, so a caller can report every bad line at once.
//
// Writing: csvRow quotes a value only when it must (comma, quote, CR or LF), doubles its quotes,
// and ends the row with CRLF.

export interface CsvRecord {
  fields: string[];
  /** 1-based line of the file on which the record starts (a quoted field may span lines). */
  line: number;
  /** Set when the record is malformed; the fields are then a best effort. */
  error?: string;
}

const QUOTE = 34; // "
const COMMA = 44; // ,
const CR = 13;
const LF = 10;
const BOM = '\ufeff';

/**
 * Push chunks in order (any split, even inside a field or between CR and LF), take the complete
 * records each push returns, and call end() once for the last record. Memory holds only the
 * record being read.
 */
export class CsvParser {
  private fields: string[] = [];
  private field = '';
  /** The current field started with a quote and its closing quote has not been seen yet. */
  private inQuotes = false;
  /** Just read a quote inside a quoted field: either the closing quote or the first of "". */
  private quotePending = false;
  /** The current field was quoted (and closed): only a comma or a line break may follow. */
  private afterClosingQuote = false;
  /** The record has content (so a line break ends a record rather than an empty line). */
  private started = false;
  /** The previous chunk ended with CR: a LF starting this chunk belongs to it. */
  private pendingCr = false;
  /** The last character read inside a quoted field was CR. */
  private quotedCr = false;
  private atStart = true;
  private line = 1;
  private recordLine = 1;
  private error: string | undefined;

  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let text = chunk;
    if (this.atStart && text.length > 0) {
      if (text.startsWith(BOM)) text = text.slice(1);
      this.atStart = false;
    }
    let i = 0;
    if (this.pendingCr && text.length > 0) {
      this.pendingCr = false;
      if (text.charCodeAt(0) === LF) i = 1;
    }
    const n = text.length;
    // Plain runs of a field are copied with one slice rather than character by character.
    let runStart = -1;
    const flushRun = (end: number) => {
      if (runStart >= 0) {
        this.field += text.slice(runStart, end);
        runStart = -1;
      }
    };
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === QUOTE) {
            this.field += '"';
            continue;
          }
          // The quote closed the field; this character is handled as outside quotes below.
          this.inQuotes = false;
          this.afterClosingQuote = true;
        } else if (c === QUOTE) {
          flushRun(i);
          this.quotePending = true;
          this.quotedCr = false;
          continue;
        } else {
          // A line break inside a quoted field: CR, LF and CRLF (even split across chunks) count once.
          if (c === CR || (c === LF && !this.quotedCr)) this.line++;
          this.quotedCr = c === CR;
          if (runStart < 0) runStart = i;
          continue;
        }
      }
      if (c === COMMA) {
        flushRun(i);
        this.endField();
        continue;
      }
      if (c === CR || c === LF) {
        flushRun(i);
        this.line++;
        if (c === CR) {
          if (i + 1 < n) {
            if (text.charCodeAt(i + 1) === LF) i++;
          } else {
            this.pendingCr = true;
          }
        }
        const record = this.endRecord();
        if (record) out.push(record);
        this.recordLine = this.line;
        continue;
      }
      if (!this.started) {
        this.started = true;
        this.recordLine = this.line;
      }
      if (this.afterClosingQuote) {
        this.error ??= `text after a closing quote in field ${this.fields.length + 1}`;
        this.afterClosingQuote = false;
      }
      if (c === QUOTE) {
        if (this.field.length === 0 && runStart < 0) {
          this.inQuotes = true;
          continue;
        }
        this.error ??= `a quote inside the unquoted field ${this.fields.length + 1} (quote the field and double the quote)`;
      }
      if (runStart < 0) runStart = i;
    }
    flushRun(n);
    return out;
  }

  /** The last record, when the input does not end with a line break. */
  end(): CsvRecord[] {
    if (this.inQuotes && !this.quotePending) {
      this.error ??= 'a quoted field is never closed';
    }
    this.inQuotes = false;
    this.quotePending = false;
    const record = this.endRecord();
    return record ? [record] : [];
  }

  private endField() {
    this.fields.push(this.field);
    this.field = '';
    this.afterClosingQuote = false;
    if (!this.started) {
      this.started = true;
      this.recordLine = this.line;
    }
  }

  private endRecord(): CsvRecord | undefined {
    if (!this.started && this.field.length === 0 && !this.afterClosingQuote) {
      // An empty line: no record.
      this.reset();
      return undefined;
    }
    this.fields.push(this.field);
    const record: CsvRecord = { fields: this.fields, line: this.recordLine, ...(this.error && { error: this.error }) };
    this.reset();
    return record;
  }

  private reset() {
    this.fields = [];
    this.field = '';
    this.afterClosingQuote = false;
    this.started = false;
    this.error = undefined;
  }
}

/** Records of a stream of chunks (e.g. fs.createReadStream(path, 'utf8')), one at a time. */
export async function* csvRecords(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser();
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    yield* parser.push(text);
  }
  const rest = decoder.decode();
  if (rest) yield* parser.push(rest);
  yield* parser.end();
}

export type CsvValue = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;

/** One field, quoted when RFC 4180 requires it. null and undefined are empty. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated: the unit an export streams. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
