// The download engine's public surface, for the UI's download manager.
export {
  downloadPhotos,
  DEFAULT_DOWNLOAD_OPTIONS,
  type DownloadOptions,
  type DownloadRequest,
  type DownloadResult,
  type FailedPhoto,
  type SavedPart,
} from './engine';
export type { DownloadProgress, DownloadStage } from './progress';
export { ArchiveSaveError, DownloadCancelledError, ImageFetchError, isCancelled } from './errors';
export { archiveNameFor, planParts, photoBytesEstimate, type ArchiveFilter } from './parts';
export {
  chooseSaver,
  canStreamToDisk,
  fileSaverSaver,
  filePickerSaver,
  type Saver,
  type SaverChoice,
  type SaverKind,
} from './savers';
export { formatBytes } from './format';
