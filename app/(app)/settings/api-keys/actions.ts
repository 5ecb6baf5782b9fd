"use server";
import { revalidatePath } from "next/cache";
import { ok, rethrowIfNavigation, toActionResult, type ActionResult } from "@/lib/server/errors";
import { serviceContext } from "@/lib/server/viewer";
import { createApiKey } from "@/lib/server/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/server/api-keys/revoke-api-key";

export async function createApiKeyAction(input: unknown): Promise<ActionResult<{ name: string; key: string }>> {
  try {
    const created = await createApiKey(await serviceContext(), input);
    revalidatePath("/settings/api-keys");
    return ok({ name: created.name, key: created.key });
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}

export async function revokeApiKeyAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  try {
    const revoked = await revokeApiKey(await serviceContext(), input);
    revalidatePath("/settings/api-keys");
    return ok({ id: revoked.id });
  } catch (e) {
    rethrowIfNavigation(e);
    return toActionResult(e);
  }
}
