// A strict RFC 4180 reader for tests: records end with CRLF; quoted fields may hold commas, quotes ("")
// and line breaks. Throws on anything else, so a test fails on malformed CSV instead of misreading it.
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"' && field === '') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (text[i] !== ',' && text[i] !== '\r')
        throw new Error(`unexpected ${JSON.stringify(text[i])} after a quoted field`);
    } else if (text[i] === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (text[i] === '\r') {
      if (text[i + 1] !== '\n') throw new Error('a bare CR outside quotes');
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (text[i] === '\n' || text[i] === '"') {
      throw new Error(`a bare ${JSON.stringify(text[i])} outside quotes at ${i}`);
    } else {
      field += text[i++];
    }
  }
  if (field !== '' || record.length > 0) throw new Error('the last record does not end with CRLF');
  return records;
}
