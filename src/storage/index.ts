export { GcsStore, type GcsStoreOptions } from "./gcs-store.js";
export { LocalFsStore, type LocalFsStoreOptions, writeFileAtomically } from "./local-fs-store.js";
export { S3Store, type S3StoreOptions } from "./s3-store.js";
export { type StagedFile, stageToTempFile } from "./staging.js";
export { type ObjectInfo, type ObjectStore, type PutOptions, StorageError } from "./types.js";
