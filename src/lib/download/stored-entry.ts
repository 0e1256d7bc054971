import CompressedObject from 'jszip/lib/compressedObject.js';
import { STORE } from 'jszip/lib/compressions.js';
import crc32 from 'jszip/lib/crc32.js';

/**
 * A jszip entry whose STORE form and CRC-32 are already known. jszip otherwise computes every
 * CRC when it generates the archive, i.e. after the last download; computed here, as each photo
 * arrives, that work overlaps the network. jszip's own loadAsync builds entries the same way.
 * These are jszip 3.10 internals: check them when upgrading jszip (the ZIP tests will fail).
 */
export function storedEntry(bytes: Uint8Array): object {
  return new CompressedObject(bytes.byteLength, bytes.byteLength, crc32(bytes), STORE, bytes);
}
