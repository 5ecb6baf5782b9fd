// SMART discovery (SMART App Launch 2.x `.well-known/smart-configuration`), for Backend Services
// only: the token endpoint, private_key_jwt with RS384/ES384, the client_credentials grant, and
// the system scopes this server grants (v1 names and their v2 equivalents). Pure.
import { GRANTABLE_SCOPES } from "./smart-scopes";

export const TOKEN_PATH = "/oauth/token";
const V2_EQUIVALENTS = [
  "system/Claim.c",
  "system/Claim.r",
  "system/Questionnaire.r",
  "system/Subscription.cud",
  "system/Subscription.rs",
];

export function smartConfiguration(origin: string) {
  return {
    issuer: origin,
    token_endpoint: `${origin}${TOKEN_PATH}`,
    token_endpoint_auth_methods_supported: ["private_key_jwt"],
    token_endpoint_auth_signing_alg_values_supported: ["RS384", "ES384"],
    grant_types_supported: ["client_credentials"],
    scopes_supported: [...GRANTABLE_SCOPES, ...V2_EQUIVALENTS],
    response_types_supported: ["token"],
    capabilities: ["client-confidential-asymmetric"],
  };
}
