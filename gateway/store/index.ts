// The store's public surface: import from 'gateway/store', not from its modules.
export * from './store';
export type { BlobRef, BlobStore } from './blob-store';
export { openStore, type OpenStoreOptions } from './open-store';
export {
  ackNeeds,
  reserveControlNumbers,
  type ControlNeeds,
  type ReservedControlNumbers,
} from './control-numbers';
export { STORE_ERROR_CODES, type StoreErrorCode } from './error-codes';
