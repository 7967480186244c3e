// zod without its eval-compiled fast path in the renderer. Under the strict CSP (no 'unsafe-eval') zod's
// probe `new Function("")` is refused and reported as a securitypolicyviolation even though zod catches
// it; `jitless` skips the probe. Imported first by main.tsx, before any module defines a schema.
import { z } from 'zod';

z.config({ jitless: true });
