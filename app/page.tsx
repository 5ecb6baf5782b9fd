import { redirect } from "next/navigation";
import { LANDING_PAGE } from "@/lib/auth/permissions";
import { getViewer } from "@/lib/server/viewer";

export default async function Home() {
  const viewer = await getViewer();
  redirect(LANDING_PAGE[viewer.role]);
}
