// Open311 GeoReport v2 answers in the format the URL asks for: `.json` or `.xml`. The XML is built by
// hand from plain records (element names are the spec's field names) with every text escaped.
import type { FastifyReply, FastifyRequest } from 'fastify';

export type Format = 'json' | 'xml';
export type Field = string | number | boolean | null | undefined | Field[] | Open311Record;
export interface Open311Record {
  [name: string]: Field;
}

export function formatOf(request: FastifyRequest): Format {
  const path = (request.url.split('?')[0] ?? '').toLowerCase();
  return path.endsWith('.xml') ? 'xml' : 'json';
}

// XML 1.0 has no way to carry most control characters, U+FFFE/U+FFFF or a lone surrogate (input refuses
// them on the way in, but a row written another way could hold one): each becomes U+FFFD, so the document
// stays well-formed whatever the database holds.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const escapeXml = (text: string) =>
  text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** Element names for items of a list field (`attributes` holds `attribute`s, `values` hold `value`s …). */
const ITEM_NAMES: { [list: string]: string } = {
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

function element(name: string, value: Field): string {
  if (value === undefined) return '';
  if (value === null) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    return `<${name}>${value.map((entry) => element(item, entry)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([key, child]) => element(key, child))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** `<root><item>…</item>…</root>` with the XML declaration. */
export function toXml(root: string, item: string, records: Open311Record[] | Open311Record): string {
  const body = Array.isArray(records)
    ? `<${root}>${records.map((record) => element(item, record)).join('')}</${root}>`
    : element(root, records);
  return `<?xml version="1.0" encoding="utf-8"?>\n${body}\n`;
}

/** Sends records as JSON (as they are) or XML (under `root`, each as `item`). */
export function send(
  reply: FastifyReply,
  format: Format,
  xml: { root: string; item: string },
  records: Open311Record[] | Open311Record,
  statusCode = 200,
) {
  reply.code(statusCode).header('cache-control', 'no-store');
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(xml.root, xml.item, records));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(records));
}

/** ISO 8601 with the community's offset, e.g. 2026-11-27T20:30:00+08:00. */
export function isoWithOffset(value: Date | string, timeZone: string): string {
  const date = new Date(value);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).replace('GMT', '');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}
