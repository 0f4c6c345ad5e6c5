/** Cluster PKI and tokens: the CA, the API serving certificate and bearer tokens on disk. */
export {
  createCertificateAuthority, issueServingCertificate, certificateSans, certificateNotAfter, isSignedBy,
  subjectAltNames, CERT_LIFETIME_MS, type PemPair,
  issueClientCertificate, createSelfSignedServingCertificate, certificateFingerprint256, derFingerprint256,
} from './certificates.js';
export { ensurePki, ensureApiserverClientCertificate, APISERVER_CLIENT_CN, pkiPaths, requiredSans, missingSans, readIfExists, DEFAULT_SANS, type ClusterPki, type PkiPaths } from './files.js';
export {
  ensureAdminToken, adminTokenPath, generateToken, tokensEqual, TOKEN_BYTES,
  TOKEN_PREFIX, TOKEN_ID_PATTERN, TOKEN_SECRET_PATTERN, generateTokenId, generateTokenSecret, caCertHash, formatToken, parseToken, type ParsedToken,
} from './tokens.js';
