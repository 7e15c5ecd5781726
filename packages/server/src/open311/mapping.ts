// Courtyard's repair statuses in Open311 terms: the spec's open/closed, and mySociety's extended statuses
// (upper case, as FixMyStreet sends and reads them in servicerequestupdates).
import type { LocalizedText, RepairQuestion } from '../db/schema.js';
import type { RepairStatus } from '../repairs/status-machine.js';
import type { Open311RequestRow } from '../repositories/open311.js';
import { isoWithOffset, type Open311Record } from './format.js';

export const open311Status = (status: RepairStatus): 'open' | 'closed' =>
  status === 'resolved' || status === 'closed' ? 'closed' : 'open';

const EXTENDED: { [status in RepairStatus]: string } = {
  received: 'OPEN',
  acknowledged: 'INVESTIGATING',
  scheduled: 'ACTION_SCHEDULED',
  in_progress: 'IN_PROGRESS',
  resolved: 'FIXED',
  closed: 'CLOSED',
  reopened: 'OPEN',
};
export const extendedStatus = (status: RepairStatus) => EXTENDED[status];

export type Locale = 'zh-CN' | 'en';
export const localized = (text: LocalizedText | null | undefined, locale: Locale): string | null =>
  text ? (text[locale] ?? text['zh-CN'] ?? text.en ?? null) : null;

const DATATYPES: { [kind in RepairQuestion['kind']]: string } = {
  text: 'string',
  number: 'number',
  single: 'singlevaluelist',
  multi: 'multivaluelist',
};

export function serviceDefinition(serviceCode: string, questions: RepairQuestion[], locale: Locale): Open311Record {
  return {
    service_code: serviceCode,
    attributes: questions.map((question, index) => ({
      variable: true,
      code: question.code,
      datatype: DATATYPES[question.kind],
      required: question.required,
      datatype_description: question.kind === 'number' ? 'A number' : null,
      order: index + 1,
      description: localized(question.label, locale) ?? question.code,
      ...(question.options
        ? {
            values: question.options.map((option) => ({
              key: option.key,
              name: localized(option.label, locale) ?? option.key,
            })),
          }
        : {}),
    })),
  };
}

/**
 * A reported position to about 100 m: three decimals are 111 m of latitude and 85 m of longitude in Beijing,
 * enough to put a report on a city's map, not enough to tell one flat (or stairwell) from its neighbours.
 */
export const roundPosition = (degrees: number) => Math.round(degrees * 1000) / 1000;

export function requestRecord(row: Open311RequestRow, agency: string, timeZone: string, locale: Locale): Open311Record {
  return {
    service_request_id: row.serviceRequestId,
    status: open311Status(row.status),
    status_notes: row.statusNotes,
    service_name: localized(row.serviceNames, locale),
    service_code: row.serviceCode,
    description: row.description,
    agency_responsible: agency,
    service_notice: localized(row.emergencyNotice, locale),
    requested_datetime: isoWithOffset(row.createdAt, timeZone),
    updated_datetime: isoWithOffset(row.updatedAt, timeZone),
    expected_datetime: null,
    address: [row.buildingName, row.unitName].filter(Boolean).join(' ') || null,
    address_id: row.addressId,
    zipcode: null,
    // Left out when unknown (an XML client would read an empty element as a value), as FixMyStreet expects.
    lat: row.latitude === null ? undefined : roundPosition(row.latitude),
    long: row.longitude === null ? undefined : roundPosition(row.longitude),
  };
}
