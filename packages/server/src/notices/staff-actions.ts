// What staff do to notices, with its rules: publish one to a place, post progress (with photos), close it,
// and moderate residents' offers of help. Each runs inside the caller's transaction, is audited, and is
// announced on `notice:<id>` (public data only), which also sends it to the chat-group bots whose scope
// covers the place; publishing and closing are also announced on the lists of the pages showing the place
// (`notices:…`, live only). Routes (routes/admin/notices.ts) only check the request and present the result.
import { NOTICE_EVENTS, NOTICE_LIST_EVENTS } from '@courtyard/protocol';
import type { CloseNotice, ModerateNoticeOffer, NewNotice, NewNoticeUpdate } from '@courtyard/protocol/schemas';
import type { Static } from '@sinclair/typebox';
import { audit, type StaffActor } from '../audit/audit.js';
import type { Executor } from '../db/database.js';
import { conflict, notFound, validation } from '../errors.js';
import { emit } from '../events/emit.js';
import { moderate } from '../moderation/moderate.js';
import type { ProcessedPhoto } from '../photos/process-photo.js';
import { findOffer, moderateOffer } from '../repositories/notice-residents.js';
import {
  closeNotice,
  findNotice,
  findNoticeUpdate,
  insertNotice,
  insertNoticeUpdate,
  lockNotice,
  noticeIdTaken,
  UPDATE_PHOTO_OWNER,
  withParts,
} from '../repositories/notices.js';
import { storePhoto } from '../repositories/photos.js';
import { checkNewNotice } from './check-notice.js';
import { presentNotice, presentPublicOffer, presentUpdate } from './present.js';
import { noticeListTopics, noticeTopic, trimmed } from './topic.js';

/** Finds and locks an open notice for a change; 404 when it is not this community's, 409 once closed. */
async function lockedOpen(tx: Executor, communityId: string, id: string) {
  const notice = await lockNotice(tx, communityId, id);
  if (!notice) throw notFound('The notice');
  if (notice.closedAt) throw conflict('This notice is closed.');
  return notice;
}

/** Publishes a notice; its id, or false when a retry's client-made id already names this community's notice. */
export async function publishNotice(
  tx: Executor,
  actor: StaffActor,
  body: Static<typeof NewNotice>,
): Promise<string | false> {
  const id = body.id?.toLowerCase();
  if (id && (await findNotice(tx, actor.communityId, id))) return false;
  if (id && (await noticeIdTaken(tx, id))) throw conflict('This notice id is taken.');
  const columns = await checkNewNotice(tx, actor.communityId, body);
  const notice = await insertNotice(tx, {
    ...columns,
    ...(id ? { id } : {}),
    communityId: actor.communityId,
    kind: body.kind,
    title: trimmed('body.title', body.title, validation),
    body: body.body?.trim() ?? '',
    createdBy: actor.id,
  });
  const [full] = await withParts(tx, [notice], 'all');
  const presented = presentNotice(full as NonNullable<typeof full>);
  await audit(tx, actor, 'notice.created', { type: 'notice', id: notice.id }, null, {
    ...presented,
    repairId: notice.repairId,
  });
  await emit(tx, noticeTopic(actor.communityId, notice.id), NOTICE_EVENTS.published, { notice: presented });
  for (const list of noticeListTopics(actor.communityId, notice)) {
    await emit(tx, list, NOTICE_LIST_EVENTS.added, { notice: presented });
  }
  return notice.id;
}

/**
 * Posts progress on an open notice with its photos (already re-encoded); false when a retry's client-made id
 * already names an update of this notice.
 */
export async function postNoticeUpdate(
  tx: Executor,
  actor: StaffActor,
  noticeId: string,
  body: Static<typeof NewNoticeUpdate>,
  photos: ProcessedPhoto[],
): Promise<boolean> {
  const updateId = body.id?.toLowerCase();
  const text = trimmed('body.text', body.text, validation);
  const existing = await findNotice(tx, actor.communityId, noticeId);
  if (!existing) throw notFound('The notice');
  const earlier = updateId ? await findNoticeUpdate(tx, updateId) : undefined;
  if (earlier && earlier.noticeId !== noticeId) throw conflict('This update id belongs to another notice.');
  if (earlier) return false;
  const notice = await lockedOpen(tx, actor.communityId, noticeId);
  const update = await insertNoticeUpdate(tx, {
    ...(updateId ? { id: updateId } : {}),
    communityId: actor.communityId,
    noticeId: notice.id,
    text,
    staffId: actor.id,
  });
  const stored = [];
  for (const photo of photos) {
    const owner = { kind: UPDATE_PHOTO_OWNER, id: update.id };
    const row = await storePhoto(tx, { communityId: actor.communityId, owner, public: true, photo });
    stored.push({ id: row.id, width: row.width, height: row.height });
  }
  const presented = presentUpdate({ ...update, photos: stored });
  await audit(tx, actor, 'notice.updated', { type: 'notice', id: notice.id }, null, presented);
  await emit(tx, noticeTopic(actor.communityId, notice.id), NOTICE_EVENTS.updated, {
    id: notice.id,
    update: presented,
  });
  return true;
}

/** Closes an open notice with its closing words; closing twice is a 409. */
export async function closeNoticeWith(
  tx: Executor,
  actor: StaffActor,
  noticeId: string,
  body: Static<typeof CloseNotice>,
) {
  const notice = await lockedOpen(tx, actor.communityId, noticeId);
  const closed = await closeNotice(tx, notice.id, trimmed('body.closingText', body.closingText, validation));
  const change = { closedAt: (closed.closedAt as Date).toISOString(), closingText: closed.closingText };
  await audit(tx, actor, 'notice.closed', { type: 'notice', id: notice.id }, { closedAt: null }, change);
  await emit(tx, noticeTopic(actor.communityId, notice.id), NOTICE_EVENTS.closed, { id: notice.id, ...change });
  for (const list of noticeListTopics(actor.communityId, notice)) {
    await emit(tx, list, NOTICE_LIST_EVENTS.closed, { id: notice.id, ...change });
  }
}

/** Publishes, rejects or marks as spam an offer of help (moderation/moderate.ts). */
export async function moderateNoticeOffer(
  tx: Executor,
  actor: StaffActor,
  noticeId: string,
  offerId: string,
  body: Static<typeof ModerateNoticeOffer>,
) {
  await moderate(tx, actor, body.action, await findOffer(tx, actor.communityId, noticeId, offerId), {
    what: 'The offer',
    auditAction: 'notice.offer_moderated',
    subjectType: 'notice_offer',
    write: (offer, moderation) => moderateOffer(tx, offer.id, moderation, actor.id),
    tellPages: (after, shown) =>
      emit(tx, noticeTopic(actor.communityId, noticeId), NOTICE_EVENTS.offer, {
        id: noticeId,
        offer: shown ? presentPublicOffer(after) : { id: after.id },
        shown,
      }),
  });
}
