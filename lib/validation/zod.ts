import * as z from "zod";

// zod 4 probes whether it may compile parsers with `new Function` the first time an object schema
// parses. Under the portal's Content-Security-Policy (no 'unsafe-eval') the browser reports that
// probe as a violation even though zod catches it (Lighthouse best-practices on /cases/new).
// jitless: no probe and no generated code, in the browser and on the server alike.
z.config({ jitless: true });

export { z };
