/**
 * Zod 4 compiles object parsers with `new Function` when it may, and finds out by trying it
 * once. The app's CSP forbids eval, so in the browser that probe is a CSP violation (and the
 * compiled path would be refused anyway): zod is told up front to interpret.
 */
import { z } from "zod";

z.config({ jitless: true });
