/** A public JSON Web Key as a JWKS publishes it. */
export interface PublicJwk {
  kty: string;
  kid: string;
  [member: string]: unknown;
}

/** Signs eligibility attestations as compact JWS, ES256 (locally a key file, in AWS a KMS key). */
export interface AttestationSigner {
  /** The `iss` of every attestation. */
  readonly issuer: string;
  /** A compact JWS with header `{alg: ES256, kid, typ}` over the claims, by the key active at `now`. */
  sign(claims: Record<string, unknown>, typ: string, now: Date): Promise<string>;
  /** The keys a verifier may need at `now` (see key-ring.ts). */
  jwks(now: Date): Promise<PublicJwk[]>;
}

export interface AttestationDeps {
  attestations: AttestationSigner;
}
