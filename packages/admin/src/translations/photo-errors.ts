// What a failed photo upload means, by error code: the same sentences on every screen where staff attach
// photos (notices' updates, topics' decisions). Spread into the screen's `errors`.

export const PHOTO_ERRORS_EN = {
  COURTYARD_TOO_MANY_PHOTOS: 'Choose at most 3 photos.',
  COURTYARD_PAYLOAD_TOO_LARGE: 'A photo is too large. Choose a smaller one.',
  COURTYARD_UNSUPPORTED_MEDIA_TYPE: 'A file is not a photo (JPEG, PNG or WebP).',
  COURTYARD_PHOTO_UNSUPPORTED_TYPE: 'A file is not a photo (JPEG, PNG or WebP).',
  COURTYARD_PHOTO_UNREADABLE: 'A photo could not be read. Choose another one.',
  COURTYARD_PHOTO_TOO_MANY_PIXELS: 'A photo is too large. Choose a smaller one.',
};

export const PHOTO_ERRORS_ZH_CN: typeof PHOTO_ERRORS_EN = {
  COURTYARD_TOO_MANY_PHOTOS: '最多选择 3 张照片。',
  COURTYARD_PAYLOAD_TOO_LARGE: '照片太大，请换一张小一些的。',
  COURTYARD_UNSUPPORTED_MEDIA_TYPE: '有文件不是照片（JPEG、PNG 或 WebP）。',
  COURTYARD_PHOTO_UNSUPPORTED_TYPE: '有文件不是照片（JPEG、PNG 或 WebP）。',
  COURTYARD_PHOTO_UNREADABLE: '有照片无法读取，请换一张。',
  COURTYARD_PHOTO_TOO_MANY_PIXELS: '照片太大，请换一张小一些的。',
};
