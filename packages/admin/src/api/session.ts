// The staff session API (/admin/api/session). Same origin, so the HttpOnly session cookie travels with
// every request and never reaches script.
import { isErrorBody, type Language, type StaffMember } from '@courtyard/protocol';

export type { StaffMember };

/** The community's name in `language`, else in its other language. */
export function communityName(staff: StaffMember, language: Language): string {
  const { names } = staff.community;
  return names[language] ?? names[staff.community.defaultLanguage] ?? names['zh-CN'] ?? names.en ?? '';
}

/** A failed call: `code` is a COURTYARD_* code, or `network` when the server was not reached. */
export class AdminApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    /** Seconds from Retry-After, when the server sent it. */
    readonly retryAfterSeconds?: number,
  ) {
    super(code);
  }
}

const SESSION_URL = '/admin/api/session';

async function call(method: string, body?: unknown): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(SESSION_URL, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new AdminApiError('network', 0);
  }
  if (response.ok) return response;
  const payload: unknown = await response.json().catch(() => undefined);
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new AdminApiError(
    isErrorBody(payload) ? payload.error.code : 'unexpected',
    response.status,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

async function staffFrom(response: Response): Promise<StaffMember> {
  const payload = (await response.json()) as { staff: StaffMember };
  return payload.staff;
}

/** The signed-in staff member, or undefined when there is no valid session. */
export async function currentStaff(): Promise<StaffMember | undefined> {
  try {
    return await staffFrom(await call('GET'));
  } catch (error) {
    if (error instanceof AdminApiError && error.status === 401) return undefined;
    throw error;
  }
}

export async function signIn(email: string, password: string): Promise<StaffMember> {
  return staffFrom(await call('POST', { email, password }));
}

export async function signOut(): Promise<void> {
  await call('DELETE');
}
