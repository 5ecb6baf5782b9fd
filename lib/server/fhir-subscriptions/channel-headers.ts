import "server-only";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { secretBox } from "../secret-box";

/**
 * The headers a subscriber asked to receive (typically its own Authorization) are credentials:
 * sealed under a key derived from AUTH_SECRET for this use only, bound to the subscription's id.
 */
const channelHeaders = secretBox(resolveAuthSecret, "fhir subscription channel headers");

export type ChannelHeader = { name: string; value: string };

export function sealChannelHeaders(subscriptionId: string, headers: readonly ChannelHeader[]): string {
  return channelHeaders.seal(JSON.stringify(headers), subscriptionId);
}

/** The stored headers; throws when they cannot be read (altered, or AUTH_SECRET changed). */
export function openChannelHeaders(subscriptionId: string, sealed: string | null): ChannelHeader[] {
  if (!sealed) return [];
  const plain = channelHeaders.open(sealed, subscriptionId);
  if (plain === null) throw new Error("the subscription's channel headers cannot be read");
  return JSON.parse(plain) as ChannelHeader[];
}
