/** The frame of the signed-out pages (sign in, invitation, password reset). */
export function PublicCard({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <main id="main" className="mx-auto mt-16 max-w-md px-4">
      <h1 className="text-2xl font-semibold">{title}</h1>
      {intro ? <p className="mt-1 text-slate-700">{intro}</p> : null}
      <div className="mt-6 rounded-lg border border-slate-300 bg-white p-6 shadow-sm">{children}</div>
    </main>
  );
}

export const PASSWORD_HINT =
  "At least 12 characters and hard to guess: a few unrelated words work well. Your name, email, common passwords and keyboard patterns are refused.";
