"use client";
import { ActionForm, SelectField } from "@/components/ui/action-form";
import type { ActionResult } from "@/lib/server/errors";

const small = "rounded border border-slate-500 px-2 py-1 text-xs font-medium disabled:opacity-60";

/**
 * A person's role with a Change button: the chosen role stays shown after the change and a status
 * message says what happened ("Role changed to Physician reviewer for Nora Nurse").
 */
export function RoleChangeForm({
  action,
  userId,
  name,
  email,
  role,
  options,
}: {
  action: (formData: FormData) => Promise<ActionResult<unknown>>;
  userId: string;
  name: string;
  email: string;
  role: string;
  options: { value: string; label: string }[];
}) {
  return (
    <ActionForm
      action={action}
      submitLabel={
        <>
          Change<span className="sr-only"> role of {email}</span>
        </>
      }
      buttonClassName={small}
      className="flex min-w-[16rem] flex-wrap items-center gap-2"
      resetOnSuccess={false}
      onSuccess={(_form, data) => {
        const label = options.find((o) => o.value === data.get("role"))?.label ?? String(data.get("role"));
        return `Role changed to ${label} for ${name}.`;
      }}
    >
      <input type="hidden" name="userId" value={userId} />
      <SelectField label={`Role of ${email}`} srOnlyLabel name="role" options={options} defaultValue={role} />
    </ActionForm>
  );
}
