// The floor of a JSON API call: parse the body, answer it as JSON.
export async function POST(req) {
  const body = await req.json();
  return Response.json(body, { headers: { "cache-control": "no-store" } });
}
