// The few piexifjs 1.0.6 calls the photo fixtures use (the package ships no types).
declare module 'piexifjs' {
  type Rational = [number, number];
  export type ExifValue = string | number | number[] | Rational | Rational[];
  export interface ExifDict {
    '0th'?: Record<number, ExifValue>;
    Exif?: Record<number, ExifValue>;
    GPS?: Record<number, ExifValue>;
  }
  /** EXIF as a binary string, for insert(). */
  export function dump(exif: ExifDict): string;
  /** The JPEG (a binary string) with the EXIF put in as its APP1 segment. */
  export function insert(exif: string, jpeg: string): string;
  export const ImageIFD: Record<'Make' | 'Model' | 'Orientation' | 'Software', number>;
  export const ExifIFD: Record<'DateTimeOriginal' | 'BodySerialNumber', number>;
  export const GPSIFD: Record<'GPSLatitudeRef' | 'GPSLatitude' | 'GPSLongitudeRef' | 'GPSLongitude', number>;
}
