import { expect, test } from "../support/test";

const KEY = { authorization: "Bearer pa_demo_northside_key" };
const request = () => ({
  member: { dateOfBirth: "1968-04-12", lineOfBusiness: "commercial" },
  request: {
    requestDate: "2026-03-02",
    urgency: "standard",
    phase: "trial",
    indication: "chronic_nonmalignant_pain",
    cptCodes: ["62326"],
  },
});

test("the JSON API over HTTP: submit (timed), repeat, bad input, and a 25 MB upload (timed)", async ({
  request: http,
}) => {
  expect((await http.post("/api/v1/evaluate", { data: request() })).status()).toBe(401);
  const bad = await http.post("/api/v1/cases", { headers: KEY, data: { member: {}, request: {} } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.issues.length).toBeGreaterThan(3);

  // The documented envelope names the member; a body over 1 MB is refused by its Content-Length.
  const enveloped = await http.post("/api/v1/cases", {
    headers: KEY,
    data: { memberId: "N-E2E-ENV", memberName: "Envelope Testcase", request: request() },
  });
  expect(enveloped.status()).toBe(201);
  const noMember = await http.post("/api/v1/cases", {
    headers: KEY,
    data: { memberId: "N-E2E-ENV", request: request() },
  });
  expect(noMember.status()).toBe(400);
  expect((await noMember.json()).error.issues.map((i: { path: string }) => i.path)).toContain("memberName");
  const huge = await http.post("/api/v1/cases", {
    headers: { ...KEY, "content-type": "application/json" },
    data: JSON.stringify({ ...request(), padding: "x".repeat(1_100_000) }),
  });
  expect(huge.status()).toBe(413);

  const times: number[] = [];
  let caseId = "";
  for (let i = 0; i < 20; i++) {
    const t = Date.now();
    const res = await http.post("/api/v1/cases", {
      headers: { ...KEY, "idempotency-key": `e2e-timing-${i}-${Date.now()}` },
      data: request(),
    });
    times.push(Date.now() - t);
    expect(res.status()).toBe(201);
    caseId = (await res.json()).id;
  }
  times.sort((a, b) => a - b);
  console.log(`HTTP submission: median ${times[10]} ms, max ${times[19]} ms (20 sequential POST /api/v1/cases)`);

  const repeatKey = { ...KEY, "idempotency-key": `e2e-repeat-${Date.now()}` };
  const first = await http.post("/api/v1/cases", { headers: repeatKey, data: request() });
  const again = await http.post("/api/v1/cases", { headers: repeatKey, data: request() });
  expect([first.status(), again.status()]).toEqual([201, 200]);
  expect((await again.json()).id).toBe((await first.json()).id);

  const big = Buffer.alloc(25 * 1024 * 1024);
  big.write("%PDF-1.7\n");
  const t = Date.now();
  const upload = await http.post(`/api/v1/cases/${caseId}/attachments`, {
    headers: KEY,
    multipart: { file: { name: "scan.pdf", mimeType: "application/pdf", buffer: big } },
    timeout: 120_000,
  });
  const ms = Date.now() - t;
  expect(upload.status()).toBe(201);
  expect((await upload.json()).size).toBe(big.length);
  console.log(`HTTP upload of 25 MB: ${ms} ms`);
  const tooBig = await http.post(`/api/v1/cases/${caseId}/attachments`, {
    headers: KEY,
    multipart: {
      file: { name: "scan.pdf", mimeType: "application/pdf", buffer: Buffer.concat([big, Buffer.alloc(1024 * 1024)]) },
    },
  });
  expect(tooBig.status()).toBe(413);
});
