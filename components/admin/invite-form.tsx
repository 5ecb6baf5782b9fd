"use client";
import { useId, useState } from "react";
import { ActionForm, Field } from "@/components/ui/action-form";
import { joinsProviderOrganization } from "@/lib/domain";
import type { ActionResult } from "@/lib/server/errors";

/**
 * The invitation form. The organization follows the role: a provider joins one of the active
 * provider organizations (chosen here), staff join the plan (nothing to choose). After a sent
 * invitation the email and name are cleared and the role and organization stay as they were, a
 * valid pair for the next person.
 */
export function InviteForm({
  action,
  roles,
  providerOrganizations,
}: {
  action: (formData: FormData) => Promise<ActionResult<unknown>>;
  roles: { value: string; label: string }[];
  providerOrganizations: { id: string; name: string }[];
}) {
  const [role, setRole] = useState(roles[0]?.value ?? "");
  const [organizationId, setOrganizationId] = useState(providerOrganizations[0]?.id ?? "");
  const roleId = useId();
  const orgId = useId();
  const provider = joinsProviderOrganization(role);
  return (
    <ActionForm
      action={action}
      submitLabel="Send invitation"
      ariaLabel="Invite a person"
      resetOnSuccess={false}
      onSuccess={(form, data) => {
        for (const name of ["email", "name"]) {
          const input = form.elements.namedItem(name);
          if (input instanceof HTMLInputElement) input.value = "";
        }
        return `Invitation sent to ${String(data.get("email"))}.`;
      }}
    >
      <Field label="Email" name="email" type="email" autoComplete="off" />
      <Field label="Name" name="name" autoComplete="off" />
      <div>
        <label htmlFor={roleId} className="block text-sm font-medium">
          Role
        </label>
        <select
          id={roleId}
          name="role"
          value={role}
          onChange={(e) => setRole(e.target.value)}
          className="mt-1 rounded border border-slate-400 px-2 py-1.5 text-sm"
        >
          {roles.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      {provider ? (
        <div>
          {providerOrganizations.length ? (
            <label htmlFor={orgId} className="block text-sm font-medium">
              Organization
            </label>
          ) : (
            <span className="block text-sm font-medium">Organization</span>
          )}
          {providerOrganizations.length ? (
            <select
              id={orgId}
              name="organizationId"
              value={organizationId}
              onChange={(e) => setOrganizationId(e.target.value)}
              className="mt-1 rounded border border-slate-400 px-2 py-1.5 text-sm"
            >
              {providerOrganizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          ) : (
            <p id={orgId} className="mt-1 py-1.5 text-sm text-red-800">
              No active provider organization: add one under Organizations first.
            </p>
          )}
        </div>
      ) : (
        <div>
          <span className="block text-sm font-medium">Organization</span>
          <p className="mt-1 py-1.5 text-sm">the plan (staff)</p>
          <input type="hidden" name="organizationId" value="" />
        </div>
      )}
    </ActionForm>
  );
}
