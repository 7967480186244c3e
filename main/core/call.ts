// The one place where untrusted input meets the core: look up the method, validate the input
// against the contract, run the handler, validate the output. Every adapter (IPC, HTTP, CLI) uses it.
import { contract, isMethod, type Method } from '../../shared/contract';
import type { CoreService } from './types';

export class CoreError extends Error {
  constructor(
    public readonly code: 'bad_method' | 'bad_input' | 'not_found' | 'conflict' | 'internal',
    message: string,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}

export async function callMethod(service: CoreService, method: string, rawInput: unknown): Promise<unknown> {
  if (!isMethod(method)) throw new CoreError('bad_method', `unknown method "${method}"`);
  const m: Method = method;
  const parsed = contract[m].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    throw new CoreError('bad_input', `${m}: ${where}${first?.message ?? 'invalid input'}`);
  }
  const handler = service.handlers[m] as (input: unknown) => Promise<unknown>;
  const result = await handler(parsed.data);
  return contract[m].output.parse(result);
}
