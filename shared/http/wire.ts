/**
 * API Gateway's minimumCompressionSize: answers of this many bytes or more are gzipped for clients
 * that accept it (the registry snapshot above all). CDK sets it on the REST API; the local gateway
 * plays the same rule.
 */
export const MIN_COMPRESSION_BYTES = 1024;
