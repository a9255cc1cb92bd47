// Real photos for the EXIF tests: a JPEG encoded from actual pixels (jpeg-js) with a phone's EXIF
// put in by an independent writer (piexifjs): camera make and model, a serial number, the time,
// and the GPS position of a house in Blora. exifr, a third library, reads them back.

import exifr from 'exifr';
import jpeg from 'jpeg-js';
import * as piexif from 'piexifjs';

export const HOUSE = { latitude: -6.968_5, longitude: 111.418_2 };

/** 32×24 pixels of a gradient: small, but a JPEG any decoder accepts. */
export function plainJpeg(width = 32, height = 24): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = (x * 8) & 0xff;
      data[i + 1] = (y * 10) & 0xff;
      data[i + 2] = 128;
      data[i + 3] = 255;
    }
  }
  return Buffer.from(jpeg.encode({ data, width, height }, 90).data);
}

const dms = (degrees: number): Array<[number, number]> => {
  const abs = Math.abs(degrees);
  const d = Math.floor(abs);
  const m = Math.floor((abs - d) * 60);
  const s = Math.round(((abs - d) * 60 - m) * 60 * 100);
  return [[d, 1], [m, 1], [s, 100]];
};

/** The same picture as a phone would save it: EXIF with camera, serial, time, orientation and GPS. */
export function phonePhoto(options: { orientation?: number } = {}): Buffer {
  const exif = piexif.dump({
    '0th': {
      [piexif.ImageIFD.Make]: 'samsung',
      [piexif.ImageIFD.Model]: 'Galaxy A14',
      [piexif.ImageIFD.Software]: 'A145FXXU1AWC1',
      [piexif.ImageIFD.Orientation]: options.orientation ?? 6,
    },
    Exif: { [piexif.ExifIFD.DateTimeOriginal]: '2026:11:02 08:15:00', [piexif.ExifIFD.BodySerialNumber]: 'R58T123456' },
    GPS: {
      [piexif.GPSIFD.GPSLatitudeRef]: 'S',
      [piexif.GPSIFD.GPSLatitude]: dms(HOUSE.latitude),
      [piexif.GPSIFD.GPSLongitudeRef]: 'E',
      [piexif.GPSIFD.GPSLongitude]: dms(HOUSE.longitude),
    },
  });
  return Buffer.from(piexif.insert(exif, plainJpeg().toString('binary')), 'binary');
}

/** What exifr finds in the file: every tag it can read, GPS as decimal degrees. */
export async function readMetadata(bytes: Uint8Array): Promise<Record<string, unknown>> {
  return ((await exifr.parse(Buffer.from(bytes), { tiff: true, exif: true, gps: true, xmp: true, iptc: true, icc: false })) ?? {}) as Record<string, unknown>;
}

/** The decoded pixels: stripping must leave the picture exactly as it was. */
export function pixels(bytes: Uint8Array): Buffer {
  return Buffer.from(jpeg.decode(Buffer.from(bytes), { useTArray: true }).data);
}
