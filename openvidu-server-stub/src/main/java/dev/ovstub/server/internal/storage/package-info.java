/**
 * S3-compatible object storage for recording files (AWS S3, MinIO, Ceph, Cloudflare R2...): where a recording's
 * file goes when {@code openvidu.recording.storage=s3}. Used by the recorder (it uploads the finished file) and by
 * the recording service (it reads what was uploaded, serves it and deletes it). Knows nothing of recordings: keys,
 * bytes and a little metadata. The SDK is an optional dependency, loaded only when S3 storage is configured.
 */
package dev.ovstub.server.internal.storage;
