// GET /fhir/metadata: exactly what the portal implements (pure).
import type { CapabilityStatement } from "@medplum/fhirtypes";
import { IMPLEMENTATION_GUIDES, PORTAL_CANONICAL } from "./constants";
import { TOKEN_PATH } from "./smart-configuration";
import {
  BACKPORT_STATUS_OPERATION,
  BACKPORT_TOPIC_CANONICAL_EXTENSION,
  PAS_SUBSCRIPTION_PROFILE,
  PAS_SUBSCRIPTION_TOPIC,
} from "./subscription";

export function buildCapabilityStatement(
  baseUrl: string,
  software: { version: string; date: string },
): CapabilityStatement {
  return {
    resourceType: "CapabilityStatement",
    url: `${PORTAL_CANONICAL}/CapabilityStatement/pa-portal`,
    name: "PriorAuthorizationPortal",
    title: "Prior-authorization review portal: PHARMACY 339.7 (Da Vinci CRD, DTR, PAS subset)",
    status: "active",
    date: software.date,
    publisher: "Prior-authorization review portal",
    kind: "instance",
    software: { name: "pa-portal-339", version: software.version },
    implementation: {
      description: "Prior Authorization API for PHARMACY 339.7 (implanted spinal drug delivery systems)",
      url: baseUrl,
    },
    fhirVersion: "4.0.1",
    implementationGuide: [...IMPLEMENTATION_GUIDES],
    format: ["application/fhir+json"],
    rest: [
      {
        mode: "server",
        documentation:
          "Authorization: Bearer <access token> from SMART Backend Services (organization API keys only while the plan allows them). CDS Hooks (CRD 2.0.1) discovery at /cds-services: the primary hooks appointment-book, order-sign and order-dispatch, and order-select.",
        security: {
          service: [
            {
              coding: [
                {
                  system: "http://terminology.hl7.org/CodeSystem/restful-security-service",
                  code: "SMART-on-FHIR",
                },
              ],
            },
          ],
          extension: [
            {
              url: "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
              extension: [{ url: "token", valueUri: `${new URL(baseUrl).origin}${TOKEN_PATH}` }],
            },
          ],
          description:
            "SMART Backend Services (client_credentials, private_key_jwt RS384/ES384; discovery at .well-known/smart-configuration) with system scopes: Claim.write for $submit, Claim.read for $inquire, Questionnaire.read for $questionnaire-package, Subscription.write and Subscription.read for PAS subscriptions. Organization API keys only while the plan allows them.",
        },
        resource: [
          {
            type: "Questionnaire",
            operation: [
              {
                name: "questionnaire-package",
                definition: "http://hl7.org/fhir/us/davinci-dtr/OperationDefinition/questionnaire-package",
              },
            ],
          },
          {
            type: "Claim",
            operation: [
              { name: "submit", definition: "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-submit" },
              { name: "inquire", definition: "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-inquiry" },
            ],
          },
          {
            extension: [{ url: BACKPORT_TOPIC_CANONICAL_EXTENSION, valueCanonical: PAS_SUBSCRIPTION_TOPIC }],
            type: "Subscription",
            supportedProfile: [PAS_SUBSCRIPTION_PROFILE],
            documentation:
              "PAS subscriptions (Subscriptions R5 Backport for R4): rest-hook only, payload application/fhir+json with content full-resource (the PAS response Bundle), id-only or empty; filter orgIdentifier = your organization's NPI; handshake, heartbeat (backport-heartbeat-period) and $status.",
            interaction: [
              { code: "create" },
              { code: "read" },
              { code: "update" },
              { code: "delete" },
              { code: "search-type" },
            ],
            operation: [{ name: "status", definition: BACKPORT_STATUS_OPERATION }],
          },
        ],
      },
    ],
  };
}
