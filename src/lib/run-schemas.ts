import { z } from "zod";

export const cancelRunInput = z.object({ runId: z.uuid() });
