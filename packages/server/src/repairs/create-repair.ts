// Creating a repair request, shared by the widget API, Open311 and staff recording one on a resident's
// behalf: checks the service, the location and the answers, stores the request, its first timeline entry
// and its photos, and announces it — all in the caller's transaction, so a refusal stores nothing.
import type { RecordedSource } from '@courtyard/protocol';
import type { Executor } from '../db/database.js';
import { unknownCategory, unknownLocation, validation } from '../errors.js';
import { emit } from '../events/emit.js';
import type { ProcessedPhoto } from '../photos/process-photo.js';
import { storePhoto } from '../repositories/photos.js';
import { findRepairService } from '../repositories/repair-services.js';
import { insertRepair, insertRepairUpdate, locationExists, type RepairRow } from '../repositories/repairs.js';
import { checkAnswers } from './answers.js';
import { normalizePhone } from './contact.js';
import { publicEntry } from './present.js';
import { repairTopic } from './topic.js';

export interface RepairSubmission {
  communityId: string;
  siteId: string | null;
  source: 'widget' | 'open311';
  /** Recorded by staff on a resident's behalf (then `source` above is not used). */
  recorded?: { source: RecordedSource; contactConsent: boolean; contactNote?: string };
  categoryId: string;
  buildingId?: string;
  unitId?: string;
  room?: string;
  locationText?: string;
  latitude?: number;
  longitude?: number;
  description: string;
  answers: Record<string, unknown>;
  name?: string;
  phone?: string;
  email?: string;
  preferredTime?: string;
  language?: 'zh-CN' | 'en';
  spam: boolean;
  /** The hash of the sender's resident key for the tracking code drawn; absent, the request has no key. */
  residentKeyHash?: (trackingCode: string) => string;
}

export async function createRepair(
  tx: Executor,
  submission: RepairSubmission,
  photos: ProcessedPhoto[],
): Promise<RepairRow> {
  const service = await findRepairService(tx, submission.communityId, submission.categoryId);
  if (!service) throw unknownCategory();
  if (submission.unitId !== undefined && submission.buildingId === undefined) throw unknownLocation();
  if (!(await locationExists(tx, submission.communityId, submission.buildingId, submission.unitId))) {
    throw unknownLocation();
  }
  if ((submission.latitude === undefined) !== (submission.longitude === undefined)) {
    throw validation('body.latitude and body.longitude come together.');
  }
  const answers = checkAnswers(service.questions, submission.answers);
  const phone = submission.phone === undefined ? undefined : normalizePhone(submission.phone);
  if (submission.phone !== undefined && phone === undefined) throw validation('body.phone is not a phone number.');

  const repair = await insertRepair(
    tx,
    {
      communityId: submission.communityId,
      siteId: submission.siteId,
      source: submission.recorded?.source ?? submission.source,
      contactConsent: submission.recorded?.contactConsent ?? null,
      contactNote: submission.recorded?.contactNote?.trim() || null,
      categoryId: service.id,
      buildingId: submission.buildingId ?? null,
      unitId: submission.unitId ?? null,
      room: submission.room?.trim() || null,
      locationText: submission.locationText?.trim() || null,
      latitude: submission.latitude ?? null,
      longitude: submission.longitude ?? null,
      description: submission.description.trim(),
      answers,
      contactName: submission.name?.trim() || null,
      contactPhone: phone ?? null,
      contactEmail: submission.email?.trim() || null,
      preferredTime: submission.preferredTime?.trim() || null,
      language: submission.language ?? null,
      spam: submission.spam,
    },
    submission.residentKeyHash,
  );
  const created = await insertRepairUpdate(tx, {
    communityId: repair.communityId,
    repairId: repair.id,
    kind: 'created',
    status: 'received',
    public: true,
    // The resident's report even when staff typed it (the audit log names them): a staff entry would count
    // as the first answer on the dashboard.
    authorType: 'resident',
  });
  for (const photo of photos) {
    await storePhoto(tx, {
      communityId: repair.communityId,
      siteId: repair.siteId,
      owner: { kind: 'repair', id: repair.id },
      public: false,
      photo,
    });
  }
  await emit(tx, repairTopic(repair), 'repair.created', {
    status: repair.status,
    entry: publicEntry(created),
  });
  return repair;
}
