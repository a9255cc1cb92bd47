// Issue 14, privacy: a photo released to the public carries no EXIF location or camera data.
// The stripper is checked with real files (pixels encoded by jpeg-js, EXIF written by piexifjs,
// read back by exifr), not with bytes it wrote itself.

import { deflateSync } from 'node:zlib';
import { crc32 } from 'node:zlib';
import { ImageMetadataError, stripImageMetadata } from '../../../functions/core/image-metadata';
import { HOUSE, phonePhoto, pixels, plainJpeg, readMetadata } from '../../support/photos';

describe('JPEG', () => {
  it('the phone photo carries GPS and camera data before, none after; the pixels are unchanged', async () => {
    const photo = phonePhoto();
    const before = await readMetadata(photo);
    expect(before).toMatchObject({ Make: 'samsung', Model: 'Galaxy A14' });
    expect(before.latitude).toBeCloseTo(HOUSE.latitude, 3);
    expect(before.longitude).toBeCloseTo(HOUSE.longitude, 3);

    const { bytes, removed } = stripImageMetadata(photo, 'image/jpeg');
    expect(removed).toEqual(['APP1']);
    const after = await readMetadata(bytes);
    for (const tag of ['latitude', 'longitude', 'GPSLatitude', 'Make', 'Model', 'Software', 'DateTimeOriginal', 'BodySerialNumber']) {
      expect(after).not.toHaveProperty(tag);
    }
    expect(Buffer.from(bytes).includes('samsung')).toBe(false);
    expect(Buffer.from(bytes).includes('R58T123456')).toBe(false);
    expect(pixels(bytes).equals(pixels(photo))).toBe(true);
  });

  it('keeps the orientation alone, so a phone photo is not shown on its side', async () => {
    const { bytes } = stripImageMetadata(phonePhoto({ orientation: 6 }), 'image/jpeg');
    expect(await readMetadata(bytes)).toEqual({ Orientation: 'Rotate 90 CW' });
    const upright = stripImageMetadata(phonePhoto({ orientation: 1 }), 'image/jpeg');
    expect(await readMetadata(upright.bytes)).toEqual({});
  });

  it('a JPEG without metadata comes back as it was; XMP, IPTC, comments and trailers go', () => {
    const plain = plainJpeg();
    expect(stripImageMetadata(plain, 'image/jpeg')).toEqual({ bytes: plain, removed: [] });

    const segment = (marker: number, payload: string) => {
      const body = Buffer.from(payload, 'latin1');
      return Buffer.concat([Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);
    };
    const xmp = segment(0xe1, 'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>6,58.11S</exif:GPSLatitude></x:xmpmeta>');
    const iptc = segment(0xed, 'Photoshop 3.0\x008BIM\x04\x04 Jl. Pemuda 12, Blora');
    const comment = segment(0xfe, 'rumah Pak Budi');
    const icc = segment(0xe2, 'ICC_PROFILE\0\x01\x01 colour data');
    const tagged = Buffer.concat([plain.subarray(0, 2), xmp, iptc, comment, icc, plain.subarray(2), Buffer.from('SEFT trailer: 6.9685S 111.4182E')]);
    const { bytes, removed } = stripImageMetadata(tagged, 'image/jpeg');
    expect(removed).toEqual(['APP1', 'APP13', 'COM', 'trailer']);
    const text = Buffer.from(bytes).toString('latin1');
    for (const leak of ['GPSLatitude', 'Pemuda', 'Budi', '111.4182']) expect(text).not.toContain(leak);
    expect(text).toContain('ICC_PROFILE'); // colours stay
    expect(pixels(bytes).equals(pixels(plain))).toBe(true);
  });

  it('a file whose structure cannot be followed is refused, not passed on', () => {
    const photo = phonePhoto();
    expect(() => stripImageMetadata(photo.subarray(0, photo.length - 200), 'image/jpeg')).toThrow(ImageMetadataError);
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(40, 0x41)]);
    expect(() => stripImageMetadata(fake, 'image/jpeg')).toThrow(ImageMetadataError);
  });
});

describe('PNG', () => {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0]); // 2×2, 8-bit RGB
  const idat = deflateSync(Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 9, 9, 9]));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  it('drops text, eXIf and time chunks, keeps the image chunks byte for byte', () => {
    const exif = phonePhoto().subarray(phonePhoto().indexOf('Exif') + 6);
    const image = [chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))];
    const tagged = Buffer.concat([
      signature,
      image[0]!,
      chunk('eXIf', Buffer.from(exif.subarray(0, 400))),
      chunk('tEXt', Buffer.from('Comment\0rumah Pak Budi')),
      chunk('iTXt', Buffer.from('XML:com.adobe.xmp\0\0\0\0\0<exif:GPSLatitude>6,58S</exif:GPSLatitude>')),
      chunk('tIME', Buffer.from([7, 234, 11, 2, 8, 15, 0])),
      image[1]!,
      image[2]!,
    ]);
    const { bytes, removed } = stripImageMetadata(tagged, 'image/png');
    expect(removed).toEqual(['eXIf', 'tEXt', 'iTXt', 'tIME']);
    expect(Buffer.from(bytes).equals(Buffer.concat([signature, ...image]))).toBe(true);
  });

  it('a truncated PNG is refused', () => {
    const png = Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', idat)]);
    expect(() => stripImageMetadata(png, 'image/png')).toThrow(ImageMetadataError);
  });
});

describe('WebP', () => {
  const riffChunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32LE(data.length, 4);
    return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const riff = (chunks: Buffer[]) => {
    const body = Buffer.concat(chunks);
    const head = Buffer.from('RIFF\0\0\0\0WEBP', 'latin1');
    head.writeUInt32LE(4 + body.length, 4);
    return Buffer.concat([head, body]);
  };

  it('drops EXIF and XMP chunks (odd sizes padded), clears their VP8X flags and fixes the RIFF size', () => {
    const vp8x = Buffer.from([0x0c | 0x10, 0, 0, 0, 1, 0, 0, 1, 0, 0]); // EXIF + XMP + alpha flags, 2×2
    const alph = riffChunk('ALPH', Buffer.from([0, 1, 2]));
    const image = riffChunk('VP8L', Buffer.from([0x2f, 1, 0, 0, 0, 0x10, 0x07]));
    const tagged = riff([riffChunk('VP8X', vp8x), alph, image, riffChunk('EXIF', Buffer.from('Exif\0\0GPS 6.9685S')), riffChunk('XMP ', Buffer.from('<x:xmpmeta/>'))]);
    const { bytes, removed } = stripImageMetadata(tagged, 'image/webp');
    expect(removed).toEqual(['EXIF', 'XMP']);
    const clean = Buffer.from(vp8x);
    clean[0] = 0x10;
    expect(Buffer.from(bytes).equals(riff([riffChunk('VP8X', clean), alph, image]))).toBe(true);
  });
});
