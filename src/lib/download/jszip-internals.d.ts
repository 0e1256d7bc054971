// Types for the three jszip 3.10 modules that stored-entry.ts uses (jszip ships none for them).
declare module 'jszip/lib/compressedObject.js' {
  const CompressedObject: new (
    compressedSize: number,
    uncompressedSize: number,
    crc32: number,
    compression: unknown,
    data: Uint8Array,
  ) => object;
  export default CompressedObject;
}
declare module 'jszip/lib/compressions.js' {
  export const STORE: unknown;
}
declare module 'jszip/lib/crc32.js' {
  const crc32: (input: Uint8Array, crc?: number) => number;
  export default crc32;
}
// jszip's package.json points browsers at a prebuilt bundle with its own copies of the classes
// above; importing the lib entry keeps one module graph in the browser and in Node.
declare module 'jszip/lib/index.js' {
  import JSZip from 'jszip';
  export default JSZip;
}
