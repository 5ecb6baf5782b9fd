// GET /fhir/metadata: exactly what the portal implements (pure).
import type { CapabilityStatement } from "@medplum/fhirtypes";
import { PORTAL_CANONICAL } from "./constants";

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
    format: ["application/fhir+json"],
    rest: [
      {
        mode: "server",
        documentation:
          "Authorization: Bearer <organization API key> (the keys of the JSON API). CDS Hooks (CRD) discovery at /cds-services with order-select and order-sign services.",
        security: { description: "Organization API keys as Bearer tokens; SMART Backend Services is not offered." },
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
        ],
      },
    ],
  };
}
