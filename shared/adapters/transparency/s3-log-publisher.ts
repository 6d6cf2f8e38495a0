import { HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { LogPublisher, PublishedObject } from '../../domain/transparency/log-ports.js';
import { parseCheckpointText } from '../../domain/transparency/note.js';

/** Tiles and entry bundles (full or partial: the path names the width) never change (C2SP tlog-tiles). */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** The checkpoint (and the verifier key beside it) change: C2SP asks for caching of a few seconds at most. */
export const MUTABLE_CACHE = 'public, max-age=2';
/** Objects under this prefix of the log bucket are the log's URL prefix behind CloudFront. */
export const LOG_PREFIX = 'log/';
const CHECKPOINT = 'checkpoint';
/** The tree size of the stored checkpoint, as object metadata, so a writer can compare without a GET. */
const SIZE_METADATA = 'tree-size';
const MAX_CHECKPOINT_ATTEMPTS = 5;

/** The tree size a checkpoint note states (its text ends at the blank line before the signatures). */
function checkpointSize(note: Uint8Array): number {
  const text = Buffer.from(note).toString('utf8');
  return parseCheckpointText(text.slice(0, text.indexOf('\n\n') + 1)).size;
}

const status = (e: unknown) => (e instanceof S3ServiceException ? e.$metadata.httpStatusCode : undefined);

/**
 * AWS: the checkpoint and tiles as static objects under `log/` in the log bucket (CloudFront serves
 * them). Everything else of a batch is stored before the checkpoint, so a reader never sees a
 * checkpoint whose tiles are missing; and the checkpoint is replaced only by a larger tree (a
 * conditional write on the stored one's ETag), so concurrent or redelivered writers never move
 * it backwards.
 */
export class S3LogPublisher implements LogPublisher {
  constructor(
    private readonly bucket: string,
    private readonly s3: S3Client = new S3Client({}),
  ) {}

  async publish(objects: readonly PublishedObject[]): Promise<void> {
    await Promise.all(objects.filter((o) => o.path !== CHECKPOINT).map((o) => this.put(o)));
    const checkpoint = objects.find((o) => o.path === CHECKPOINT);
    if (checkpoint) await this.putCheckpoint(checkpoint);
  }

  private put(o: PublishedObject, extra: Partial<PutObjectCommand['input']> = {}) {
    return this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${LOG_PREFIX}${o.path}`,
        Body: o.body,
        ContentType: o.contentType,
        CacheControl: o.immutable ? IMMUTABLE_CACHE : MUTABLE_CACHE,
        ...extra,
      }),
    );
  }

  /** The stored checkpoint's ETag and tree size; undefined when there is none yet. */
  private async stored(): Promise<{ etag: string; size: number } | undefined> {
    try {
      const head = await this.s3.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: `${LOG_PREFIX}${CHECKPOINT}` }),
      );
      const size = Number(head.Metadata?.[SIZE_METADATA]);
      return { etag: head.ETag!, size: Number.isSafeInteger(size) ? size : -1 };
    } catch (e) {
      if (status(e) === 404) return undefined;
      throw e;
    }
  }

  private async putCheckpoint(o: PublishedObject): Promise<void> {
    const size = checkpointSize(o.body);
    for (let attempt = 1; ; attempt++) {
      const current = await this.stored();
      // A checkpoint of this size or larger is already out (a redelivery, or a faster writer).
      if (current && current.size >= size) return;
      try {
        await this.put(o, {
          Metadata: { [SIZE_METADATA]: String(size) },
          ...(current ? { IfMatch: current.etag } : { IfNoneMatch: '*' }),
        });
        return;
      } catch (e) {
        // 412: another writer replaced it since we looked; 409: a concurrent conditional write.
        const lost = status(e) === 412 || status(e) === 409;
        if (!lost || attempt >= MAX_CHECKPOINT_ATTEMPTS) throw e;
      }
    }
  }
}

/** Locally the gateway serves the log from the table: nothing to upload. */
export const noLogPublisher: LogPublisher = { publish: async () => undefined };
