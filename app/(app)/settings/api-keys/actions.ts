"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/server/action";
import { serviceContext } from "@/lib/server/viewer";
import { createApiKey } from "@/lib/server/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/server/api-keys/revoke-api-key";

export const createApiKeyAction = action(async (input: unknown) => {
  const created = await createApiKey(await serviceContext(), input);
  revalidatePath("/settings/api-keys");
  return { name: created.name, key: created.key };
});

export const revokeApiKeyAction = action(async (input: unknown) => {
  const revoked = await revokeApiKey(await serviceContext(), input);
  revalidatePath("/settings/api-keys");
  return { id: revoked.id };
});
