import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { LogPublisher, PublishedObject } from '../../domain/transparency/log-ports.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The checkpoint and partial tiles change: CloudFront and clients keep them for seconds only. */
const MUTABLE = 'public, max-age=2';

/** AWS: the checkpoint and tiles as static objects under `log/` in the log bucket (CloudFront serves them). */
export class S3LogPublisher implements LogPublisher {
  constructor(
    private readonly bucket: string,
    private readonly s3: S3Client = new S3Client({}),
  ) {}

  async publish(objects: readonly PublishedObject[]): Promise<void> {
    await Promise.all(
      objects.map((o) =>
        this.s3.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: `log/${o.path}`,
            Body: o.body,
            ContentType: o.contentType,
            CacheControl: o.immutable ? IMMUTABLE : MUTABLE,
          }),
        ),
      ),
    );
  }
}

/** Locally the gateway serves the log from the table: nothing to upload. */
export const noLogPublisher: LogPublisher = { publish: async () => undefined };
