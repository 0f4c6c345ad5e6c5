/**
 * Discovery and OpenAPI documents (kubernetes-api.md §2–§4), built from RESOURCES.
 * Pure builders: the apiserver routes call these and set the content types.
 */
export { versionInfo, SERVER_VERSION } from './version.js';
export { legacyApiVersions, legacyApiGroupList, apiResourceList, storageVersionHash } from './legacy.js';
export { aggregatedDiscovery, AGGREGATED_DISCOVERY_CONTENT_TYPE } from './aggregated.js';
export {
  openapiV3Root, openapiV3Document, openapiV3Hash, openapiV2Empty, OPENAPI_V2_PROTOBUF_CONTENT_TYPE,
} from './openapi.js';
export { ADVERTISED_PATCH_CONTENT_TYPES } from './openapi-paths.js';
