// The one way Berth turns a caught value into message text: anything may be thrown (an Error, a string, a
// dockerode error object, undefined), and a message must never read "undefined".

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message.trim() || e.name;
  const message = (e as { message?: unknown } | null | undefined)?.message;
  if (typeof message === 'string' && message.trim()) return message.trim();
  return String(e);
}
