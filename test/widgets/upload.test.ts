// Photo uploads against the real server's photo pipeline (test/support/fixture-upload-route.ts: multipart
// read, idempotency, sharp re-encoding, storage): progress a widget can show, the server's answer, one
// Idempotency-Key per submission, and a photo over the limit refused, shown and never retried.
import { expect } from '@open-wc/testing';
import type { ApiError } from '../../packages/widgets/src/api/api-error.js';
import { type FormField, sendWrite, type WriteRequest } from '../../packages/widgets/src/api/client.js';
import { Outbox } from '../../packages/widgets/src/api/outbox.js';
import '../../packages/widgets/src/api/upload.js';
import { SubmissionController } from '../../packages/widgets/src/controllers/submission-controller.js';
import { CourtyardElement } from '../../packages/widgets/src/internal/courtyard-element.js';
import { service, until } from './support/service.js';

const PHOTOS_PATH = '/test-fixtures/photos';
const photosUrl = () => `${service.url}/api/v1/sites/${service.siteKey}${PHOTOS_PATH}`;

interface Stored {
  photos: Array<{ id: string; mime: string; width: number; height: number }>;
}

/** A photo as a phone might send it: a PNG of noise, which does not compress (`side`² × 4 bytes or so). */
async function noisePhoto(side: number): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = side;
  canvas.height = side;
  const context = canvas.getContext('2d')!;
  const pixels = context.createImageData(side, side);
  for (let offset = 0; offset < pixels.data.length; offset += 65_536) {
    crypto.getRandomValues(pixels.data.subarray(offset, offset + 65_536));
  }
  for (let alpha = 3; alpha < pixels.data.length; alpha += 4) pixels.data[alpha] = 255;
  context.putImageData(pixels, 0, 0);
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob!), 'image/png'));
}

/** Past the 8 MB limit per photo: a JPEG's first bytes, then padding. */
function oversizePhoto(): Blob {
  const bytes = new Uint8Array(9 * 1024 * 1024);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return new Blob([bytes], { type: 'image/jpeg' });
}

const form = (photo: Blob, name = 'photo.png'): FormField[] => [
  ['public', 'true'],
  ['photos', photo, name],
];

function upload(fields: FormField[]): WriteRequest {
  return { url: photosUrl(), method: 'POST', idempotencyKey: crypto.randomUUID(), form: fields };
}

/** A photo form built the way feature widgets are: base element + SubmissionController. */
class TestPhotoForm extends CourtyardElement {
  submission = new SubmissionController<Stored>(this);
}
TestPhotoForm.define('test-photo-form');

describe('photo upload', () => {
  let photo: Blob;
  before(async () => {
    photo = await noisePhoto(900);
  });

  it('reports progress up to 100% before the server’s answer arrives', async () => {
    expect(photo.size).to.be.greaterThan(2 * 1024 * 1024);
    const progress: number[] = [];
    const result = await sendWrite<Stored>(upload(form(photo)), (fraction) => progress.push(fraction));

    expect(progress.length).to.be.greaterThan(0);
    expect(progress.at(-1)).to.equal(1);
    expect(
      [...progress].sort((a, b) => a - b),
      'never goes backwards',
    ).to.deep.equal(progress);
    expect(progress.every((fraction) => fraction >= 0 && fraction <= 1)).to.equal(true);

    expect(result.status).to.equal(201);
    expect(result.replayed).to.equal(false);
    expect(result.body.photos).to.have.length(1);
    expect(result.body.photos[0]).to.include({ mime: 'image/jpeg', width: 900, height: 900 });
    const stored = await fetch(`${service.url}/api/v1/sites/${service.siteKey}/photos/${result.body.photos[0]!.id}`);
    expect(stored.status).to.equal(200);
    expect(stored.headers.get('content-type')).to.match(/^image\/jpeg/);
  });

  it('sends the Idempotency-Key: the same upload again gets the first answer, replayed', async () => {
    const request = upload(form(photo));
    const first = await sendWrite<Stored>(request);
    const again = await sendWrite<Stored>(request);
    expect(again.replayed).to.equal(true);
    expect(again.body).to.deep.equal(first.body);
  });

  describe('through a widget’s SubmissionController', () => {
    let element: TestPhotoForm;
    let outbox: Outbox;
    const sent: string[] = [];
    beforeEach(() => {
      outbox = new Outbox({ name: `upload-test-${crypto.randomUUID()}`, baseDelayMs: 100 });
      element = document.createElement('test-photo-form') as TestPhotoForm;
      element.site = service.siteKey;
      element.api = service.url;
      element.outbox = outbox;
      document.body.append(element);
      const open = XMLHttpRequest.prototype.open;
      XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: Parameters<typeof open>) {
        sent.push(String(args[1]));
        return open.apply(this, args);
      } as typeof open;
      restoreOpen = () => {
        XMLHttpRequest.prototype.open = open;
      };
    });
    let restoreOpen: () => void;
    afterEach(() => {
      restoreOpen();
      sent.length = 0;
      element.remove();
      outbox.stop();
    });

    it('shows progress from 0 to 100% while sending, on every upload, and the answer once sent', async () => {
      const seen: Array<[string, number | undefined]> = [];
      const original = element.requestUpdate.bind(element);
      element.requestUpdate = (...args: Parameters<typeof original>) => {
        seen.push([element.submission.state, element.submission.progress]);
        return original(...args);
      };
      for (const side of [400, 500]) {
        seen.length = 0;
        await element.submission.submit({ path: PHOTOS_PATH, form: form(await noisePhoto(side)) });
        expect(element.submission.state).to.equal('sent');
        const pending = seen.filter(([state]) => state === 'pending').map(([, progress]) => progress);
        expect(pending[0], 'the bar starts empty').to.equal(0);
        expect(pending.at(-1)).to.equal(1);
        expect(element.submission.response?.photos[0]?.width).to.equal(side);
      }
    });

    it('shows a 413 for a photo over the limit and neither retries nor keeps it', async () => {
      const errors: CustomEvent[] = [];
      const queued: Event[] = [];
      element.addEventListener('courtyard-error', (event) => errors.push(event as CustomEvent));
      element.addEventListener('courtyard-queued', (event) => queued.push(event));

      await element.submission.submit({ path: PHOTOS_PATH, form: form(oversizePhoto(), 'huge.jpg') });
      expect(element.submission.state).to.equal('error');
      const error = element.submission.error as ApiError;
      expect([error.status, error.code, error.retryable]).to.deep.equal([413, 'COURTYARD_PAYLOAD_TOO_LARGE', false]);
      expect(element.errorText(error.code)).to.not.equal(element.t('unknownError'));
      expect(errors.map((event) => event.detail.status)).to.deep.equal([413]);

      await new Promise((resolve) => setTimeout(resolve, 500)); // past the outbox's first retry delay
      expect(queued).to.have.length(0);
      expect(await outbox.pending()).to.have.length(0);
      expect(sent, 'sent once').to.have.length(1);
    });

    it('gives another photo with the same text a new Idempotency-Key', async () => {
      await element.submission.submit({ path: PHOTOS_PATH, form: form(photo) });
      const firstKey = element.submission.idempotencyKey;
      const firstId = element.submission.response!.photos[0]!.id;

      const other = await noisePhoto(300);
      await element.submission.submit({ path: PHOTOS_PATH, form: form(other) });
      expect(element.submission.state, element.submission.error?.message).to.equal('sent');
      expect(element.submission.idempotencyKey).to.not.equal(firstKey);
      expect(element.submission.response!.photos[0]!.id).to.not.equal(firstId);
      expect(element.submission.response!.photos[0]!.width).to.equal(300);
    });

    it('keeps the key when the same photo is sent again (a double tap is written once)', async () => {
      await element.submission.submit({ path: PHOTOS_PATH, form: form(photo) });
      const first = element.submission.response;
      const key = element.submission.idempotencyKey;
      await element.submission.submit({ path: PHOTOS_PATH, form: form(photo) });
      expect(element.submission.idempotencyKey).to.equal(key);
      expect(element.submission.response).to.deep.equal(first);
      await until(() => element.submission.state === 'sent');
    });
  });
});
