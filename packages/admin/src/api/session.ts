// The staff session API (/admin/api/session). Same origin, so the HttpOnly session cookie travels with
// every request and never reaches script.
import type { Language } from '@courtyard/protocol';
import type {
  CommunityChoice,
  SessionRequest,
  SessionResponse,
  SignInResponse,
  StaffMember,
} from '@courtyard/protocol/schemas';
import { AdminApiError, adminFetch } from './request.js';

export type { CommunityChoice, StaffMember };
export { AdminApiError };

/** The community's name in `language`, else in its other language. */
export function communityName(staff: StaffMember, language: Language): string {
  const { names } = staff.community;
  return names[language] ?? names[staff.community.defaultLanguage] ?? names['zh-CN'] ?? names.en ?? '';
}

async function call(method: string, body?: unknown): Promise<Response> {
  return adminFetch(method, 'session', body);
}

async function staffFrom(response: Response): Promise<StaffMember> {
  const payload = (await response.json()) as SessionResponse;
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

/**
 * Signs in: the staff member, or the communities to choose from when the email and password open accounts in
 * several (then sign in again with the chosen `community` slug).
 */
export async function signIn(email: string, password: string, community?: string): Promise<SignInResponse> {
  const body: SessionRequest = community === undefined ? { email, password } : { email, password, community };
  const response = await call('POST', body);
  return (await response.json()) as SignInResponse;
}

export async function signOut(): Promise<void> {
  await call('DELETE');
}
