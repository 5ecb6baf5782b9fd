// An issue's path in the request form's words, for the form's messages and the "still needs"
// panel. Its own module: both load after first paint, and need nothing else of request-fields.

const FIELD_LABELS: Record<string, string> = {
  "member.dateOfBirth": "Date of birth",
  "member.lineOfBusiness": "Line of business",
  "request.requestDate": "Request date",
  "request.serviceDate": "Service date",
  "request.urgency": "Urgency",
  "request.phase": "Phase",
  "request.indication": "Indication",
  "request.cptCodes": "CPT codes",
};

/** A field's words for an issue's path ("Date of birth", "Trial › baseline pain score"). */
export function fieldLabel(path: string): string {
  return (
    FIELD_LABELS[path] ??
    path
      .replace(/^clinical\./, "")
      .replace(/([A-Z])/g, " $1")
      .replace(/\./g, " › ")
      .toLowerCase()
      .replace(/^./, (c) => c.toUpperCase())
  );
}
